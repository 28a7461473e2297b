import Glibc
import PantauCore
import PantauSimulator
import PantauServe
import PantauSystem

/// `pantau simulate`: realistic multi-channel traffic (SPEC §5), in `ts` order, either all at once
/// into a file (`--to FILE`, `-` for stdout) or live into a spool directory (`--spool DIR`, see
/// `SpoolWriter`) for `pantau serve`. A spool run without `--seed` takes its seed from the clock
/// and an id prefix of its own (`EventIdPrefix`), so it never repeats an earlier run's ids.
enum SimulateCommand {
    static let usage = """
    usage: pantau simulate --to FILE|- [--tickets N] [--seed S] [OPTIONS]
           pantau simulate --spool DIR [--mode append|batch|mixed | --one-stream] [--rate N/min] [OPTIONS]
    """

    static let help = """
    usage: pantau simulate --to FILE|- [--tickets N] [--seed S] [--start RFC3339] [--rate N/h]
                           [--id-prefix P] [--open-only] [--clean]
           pantau simulate --spool DIR [--mode append|batch|mixed | --one-stream] [--rate N/min]
                           [--seed S] [--id-prefix P] [--tickets N] [--duration SPAN]
                           [--realtime | --as-fast-as-possible] [--speedup X] [--rotate-every N]
                           [--keep-rotated N|all] [--batch-lines N] [--batch-interval SPAN]
                           [--start RFC3339] [--open-only] [--clean] [--split-writes]

    Realistic multi-channel contact-centre traffic (JSON Lines, format v1) for the channels of
    Config/pantau.conf (hotline, chat, whatsapp, web_form, email), in ts order. Tickets are t1, t2,
    … and events e<ticket>-<n> in every run, behind the id prefix, if any.

    --to FILE|-            every line into FILE (or stdout) at once; --tickets defaults to 1000,
                           --rate is tickets per hour (default 600; also N/s, N/min), --start
                           defaults to 2026-03-02T00:00:00Z, --seed to 1, and there is no id prefix:
                           the same options give the same bytes
    --spool DIR            live traffic into a spool directory for `pantau serve` (DIR, its parents
                           and DIR/tmp/ are created); runs until --tickets/--duration is reached or
                           SIGINT/SIGTERM
      --mode append        one file per channel, DIR/<channel>.jsonl, complete lines appended with write(2)
      --mode batch         every --batch-lines lines (default 500) or --batch-interval (default 1s) one new
                           file DIR/batch-NNNNNN.jsonl, written in DIR/tmp/ and renamed into DIR
      --mode mixed         (default) append for hotline, chat, whatsapp; batch for web_form, email
      --one-stream         for crash-consistency tests: every line, in ts order, is appended to one file
                           DIR/events.jsonl; at each rotation the next --batch-lines lines go into one
                           batch file (through DIR/tmp/), then a fresh events.jsonl follows. Files are only
                           cut before a real event whose ts is later than the line before it, so the order
                           in which lines become available to a reader is their ts order; read in the order
                           events.jsonl.K, batch-1, …, events.jsonl.1, batch-K, events.jsonl the files hold
                           exactly the lines `--to` writes. Use --keep-rotated all so nothing is deleted.
      --rate N/min         tickets per minute (default 60/min; also N/s, N/h; a bare N is per minute)
      --tickets N          stop creating tickets after N; the open ones run to their end, then exit
                           (default: no limit)
      --duration SPAN      stop at simulated time start + SPAN (systemd time span: 30s, 10min, 1h 30min;
                           default: no limit)
      --realtime           (default) write each line when the wall clock reaches its ts; the simulation
                           starts now (rounded up to a whole second), so the events are live
      --as-fast-as-possible  no sleeping: write the lines as fast as they are generated
      --speedup X          with --realtime, X simulated seconds per wall second (60: a minute per
                           second; default 1); timestamps stay the simulated ones, starting now
      --rotate-every N     rotate an appended file after N lines (default 5000, 0 = never), by rename:
                           F.jsonl -> F.jsonl.1 (.1 -> .2, …), then a fresh F.jsonl; a reader drains the
                           renamed file through its open descriptor (F.jsonl.1 does not match *.jsonl)
      --keep-rotated N|all rotated files kept per file (default 3; older ones are deleted, so a reader
                           that was not running loses their lines; 0 unlinks at rotation)
      --batch-lines N      lines per batch file (default 500; with --one-stream: lines in the batch after
                           each rotation, 0 = no batches)
      --batch-interval SPAN  a pending batch file is published after this long anyway (default 1s)
      --start RFC3339      the simulated start (default: now); its lines are due from now on
      --split-writes       test aid: each appended write is issued as two write(2) calls, the first
                           ending inside a line
    --seed S               random seed (an integer). With --to the default is 1. With --spool the
                           default is the wall clock (nanoseconds since 1970), so a run without
                           --seed differs from every earlier one; it is printed on stderr at the start
    --id-prefix P          put P before every event id and ticket id (at most 64 of A-Z a-z 0-9 . _ : -).
                           With --spool and no --seed the default is a prefix unique to the run, r<the
                           start in microseconds, base 36>-, so a second run into the same spool (a
                           second `make run`) never repeats an id of the first, which the daemon would
                           count as a duplicate and ignore. With --seed, or with --to, the default is
                           none: --seed S gives exactly the lines of every other run with --seed S
                           and the same options (give --start too, as the start is otherwise now)
    --open-only            only `created` lines (tickets stay open)
    --clean                no duplicate or malformed lines
    --config PATH          accepted like every command's, but not read: the traffic profile is built in
    -h, --help             this text

    SIGINT or SIGTERM ends a spool run cleanly: the current line is finished, everything buffered is
    written (a pending batch is published), exit status 0. A one-line summary (lines, files,
    rotations) goes to stderr.

    examples:
      pantau simulate --to events.jsonl --tickets 10000 --seed 7
      pantau simulate --to - --tickets 5 --clean | head
      pantau simulate --spool run/spool --rate 120/min
      pantau simulate --spool spool --seed 3 --start 2026-03-02T08:00:00Z --tickets 400 --as-fast-as-possible

    \(ExitStatus.helpText)
    """

    static let options: Set<String> = ["config", "to", "tickets", "seed", "start", "rate", "spool", "mode", "duration",
                                       "speedup", "rotate-every", "keep-rotated", "batch-lines", "batch-interval",
                                       "id-prefix"]
    static let flags: Set<String> = ["open-only", "clean", "realtime", "as-fast-as-possible", "one-stream", "split-writes"]

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        if CommandArguments.asksForHelp(args) {
            StandardStreams.out(help)
            return ExitStatus.success
        }
        let a = try CommandArguments(args, options: options, flags: flags)
        try a.requireNoPositionals()
        if let spool = a["spool"] {
            guard a["to"] == nil else { throw UsageError("--to and --spool exclude each other") }
            return try runSpool(directory: spool, a)
        }
        let spoolOnly = ["mode", "duration", "speedup", "rotate-every", "keep-rotated", "batch-lines", "batch-interval"]
            .filter { a[$0] != nil } + ["realtime", "as-fast-as-possible", "one-stream", "split-writes"].filter { a.has($0) }
        if let first = spoolOnly.first { throw UsageError("--\(first) needs --spool DIR") }
        guard let to = a["to"] else { throw UsageError("--to or --spool is required") }
        let tickets = try a.integer("tickets", default: 1000)
        guard tickets > 0 else { throw UsageError("--tickets must be positive") }
        let seed = try a.integer("seed", default: 1)
        let prefix = try a["id-prefix"].map { text throws(UsageError) in try EventIdPrefix(option: text) } ?? .none
        var start = RFC3339.parse("2026-03-02T00:00:00Z")!
        if let text = a["start"] {
            guard let parsed = RFC3339.parse(text) else {
                throw UsageError("--start expects an RFC 3339 time, got \"\(text)\"")
            }
            start = parsed
        }
        let rate = try ticketsPerHour(spoolRate: a["rate"] ?? "600", bareUnit: "h")
        let clean = a.has("clean")
        var simulator = TrafficSimulator(
            seed: UInt64(bitPattern: Int64(seed)), start: start, ticketsPerHour: rate, ticketLimit: tickets,
            closeTickets: !a.has("open-only"), duplicateRate: clean ? 0 : 0.002, malformedRate: clean ? 0 : 0.001)
        let fd = to == "-" ? 1 : open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandFailure("cannot write \(to): \(String(cString: strerror(errno)))") }
        defer { if fd != 1 { close(fd) } }
        let what = to == "-" ? "write stdout" : "write \(to)"
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var line: [UInt8] = []
        var lines = 0
        while true {
            if prefix.isEmpty {
                guard simulator.nextLine(into: &buffer) else { break }
            } else {
                line.removeAll(keepingCapacity: true)
                guard simulator.nextLine(into: &line) else { break }
                prefix.apply(line, into: &buffer)
            }
            lines += 1
            if buffer.count >= 1 << 20 {
                try Descriptor.writeAll(fd, buffer, what: what)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try Descriptor.writeAll(fd, buffer, what: what)
        if to != "-" { StandardStreams.err("pantau simulate: wrote \(lines) lines for \(tickets) tickets to \(to)\n") }
        return ExitStatus.success
    }

    /// `--spool DIR`: live traffic into a spool directory.
    static func runSpool(directory: String, _ a: CommandArguments) throws -> Int32 {
        func fail(_ text: String) -> UsageError { UsageError(text) }
        guard !directory.isEmpty else { throw fail("--spool expects a directory, got \"\"") }
        let tickets: Int? = try a["tickets"].map { _ throws(UsageError) in try a.integer("tickets", default: 0) }
        if let tickets, tickets <= 0 { throw fail("--tickets must be positive") }
        let givenSeed: Int? = try a["seed"].map { _ throws(UsageError) in try a.integer("seed", default: 1) }
        let givenPrefix = try a["id-prefix"].map { text throws(UsageError) in try EventIdPrefix(option: text) }
        let perHour = try ticketsPerHour(spoolRate: a["rate"] ?? "60/min")
        guard !(a.has("realtime") && a.has("as-fast-as-possible")) else {
            throw fail("--realtime and --as-fast-as-possible exclude each other")
        }
        let realtime = !a.has("as-fast-as-possible")
        var speedup = 1.0
        if let text = a["speedup"] {
            guard let x = Double(text), x.isFinite, x > 0 else { throw fail("--speedup expects a positive number, got \"\(text)\"") }
            speedup = x
        }
        let oneStream = a.has("one-stream")
        if oneStream, a["mode"] != nil { throw fail("--one-stream and --mode exclude each other") }
        let modeText = a["mode"] ?? "mixed"
        guard let mode = SpoolWriterMode(rawValue: modeText) else {
            throw fail("--mode expects append, batch or mixed, got \"\(modeText)\"")
        }
        let rotateEvery = try a.integer("rotate-every", default: 5000)
        guard rotateEvery >= 0 else { throw fail("--rotate-every must be 0 (never) or positive") }
        var keepRotated: Int? = 3
        if let text = a["keep-rotated"] {
            if text == "all" {
                keepRotated = nil
            } else {
                guard let n = Int(text), n >= 0 else { throw fail("--keep-rotated expects a count or all, got \"\(text)\"") }
                keepRotated = n
            }
        }
        let batchLines = try a.integer("batch-lines", default: 500)
        guard batchLines >= (oneStream ? 0 : 1) else { throw fail("--batch-lines must be positive") }
        let batchInterval = try span(a["batch-interval"] ?? "1s", option: "batch-interval")
        guard batchInterval.nanoseconds > 0 else { throw fail("--batch-interval must be positive") }
        let duration = try a["duration"].map { text throws(UsageError) in try span(text, option: "duration") }
        let wallNow = SimulationPacer.wallClock()
        // A run without --seed must not repeat an earlier run into the same spool: its seed comes
        // from the clock and its ids get a prefix of their own. --seed keeps the lines reproducible.
        let seed = givenSeed ?? Int(wallNow.nanoseconds)
        let prefix = givenPrefix ?? (givenSeed == nil ? EventIdPrefix.unique(at: wallNow) : .none)
        // Now, rounded up to a whole second (so a --duration run lasts at least its span).
        let second: Int64 = 1_000_000_000
        var start = Instant(nanoseconds: (wallNow.nanoseconds + second - 1) / second * second)
        if let text = a["start"] {
            guard let parsed = RFC3339.parse(text) else { throw fail("--start expects an RFC 3339 time, got \"\(text)\"") }
            start = parsed
        }
        let end: Instant? = duration.flatMap { $0 == .infinite ? nil : start + $0 }

        let clean = a.has("clean")
        var simulator = TrafficSimulator(
            seed: UInt64(bitPattern: Int64(seed)), start: start, ticketsPerHour: perHour, ticketLimit: tickets,
            closeTickets: !a.has("open-only"), duplicateRate: clean ? 0 : 0.002, malformedRate: clean ? 0 : 0.001)
        var writer = try SpoolWriter(directory: directory, mode: mode, oneStream: oneStream,
                                     channelNames: simulator.profile.channelNames, rotateEvery: rotateEvery,
                                     keepRotated: keepRotated, batchLines: batchLines,
                                     batchInterval: batchInterval.nanoseconds, splitWrites: a.has("split-writes"))
        StandardStreams.err("pantau simulate: seed \(seed), start \(RFC3339.format(start)), "
                            + (prefix.isEmpty ? "no id prefix" : "id prefix \(prefix.text)") + "\n")
        let pacer = SimulationPacer(simulatedStart: start, dueAtWall: a["start"] == nil ? start : wallNow, speedup: speedup)
        let saved = SimulationStopSignal.install()
        defer { SimulationStopSignal.restore(saved) }

        /// Sleeps until monotonic `due`, publishing batches on time; false when stopped first.
        func wait(until due: Int64) throws -> Bool {
            while !SimulationStopSignal.isRequested {
                let now = SimulationPacer.monotonicNanoseconds()
                try writer.tick(now: now)
                if now >= due { return true }
                try writer.flushAppends()
                let wake = min(due, writer.deadline ?? due, now + 200_000_000)
                SimulationPacer.sleep(nanoseconds: wake - now)
            }
            return false
        }

        var line: [UInt8] = []
        line.reserveCapacity(1024)
        var prefixed: [UInt8] = []
        prefixed.reserveCapacity(1024)
        var outcome = "all tickets ended"
        do {
            while true {
                if SimulationStopSignal.isRequested { outcome = "stopped by signal"; break }
                line.removeAll(keepingCapacity: true)
                guard let info = simulator.next(into: &line) else { break }
                if let end, info.timestamp > end {
                    let stopped = try realtime && !wait(until: pacer.due(end))
                    outcome = stopped ? "stopped by signal" : "duration reached"
                    break
                }
                if realtime, try !wait(until: pacer.due(info.timestamp)) { outcome = "stopped by signal"; break }
                let now = SimulationPacer.monotonicNanoseconds()
                if prefix.isEmpty {
                    try writer.write(line, info, now: now)
                } else {
                    prefixed.removeAll(keepingCapacity: true)
                    prefix.apply(line, into: &prefixed)
                    try writer.write(prefixed, info, now: now)
                }
                if !realtime { try writer.tick(now: now) }
            }
            try writer.finish()
        } catch {
            try? writer.finish()
            throw error
        }
        StandardStreams.err("pantau simulate: wrote \(writer.summary); \(simulator.ticketsCreated) tickets; \(outcome)\n")
        return ExitStatus.success
    }

    /// Tickets per hour from `N`, `N/min`, `N/s` or `N/h`; a bare N is per `bareUnit` (`--spool`:
    /// per minute, `--to`: per hour).
    static func ticketsPerHour(spoolRate text: String, bareUnit: String = "min") throws(UsageError) -> Double {
        let parts = text.split(separator: "/", maxSplits: 1)
            .map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        let unit = parts.count > 1 ? parts[1] : bareUnit
        let factor: Double? = switch unit {
        case "s", "sec", "second": 3600
        case "m", "min", "minute": 60
        case "h", "hr", "hour": 1
        default: nil
        }
        guard let first = parts.first, let n = Double(first), n.isFinite, n > 0, let factor else {
            let example = bareUnit == "h" ? "tickets per hour, e.g. 600 or 600/h (or N/s, N/min)"
                                          : "tickets per minute, e.g. 60/min (or N/s, N/h)"
            throw UsageError("--rate expects \(example), got \"\(text)\"")
        }
        return n * factor
    }

    /// A systemd time span option.
    static func span(_ text: String, option: String) throws(UsageError) -> TimeSpan {
        do {
            return try TimeSpanParser.parse(text)
        } catch {
            throw UsageError("--\(option): \(error)")
        }
    }
}
