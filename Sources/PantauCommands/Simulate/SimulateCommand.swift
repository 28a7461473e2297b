import Glibc
import PantauCore
import PantauSimulator
import PantauServe
import PantauSystem

/// `pantau simulate`: realistic multi-channel traffic (SPEC §5), in `ts` order, either all at once
/// into a file (`--to FILE`, `-` for stdout) or live into a spool directory (`--spool DIR`, see
/// `SpoolWriter`) for `pantau serve`.
enum SimulateCommand {
    static let usage = "usage: pantau simulate --to FILE|- --tickets N [--seed S] [--start RFC3339] [--rate TICKETS/h] [--open-only] [--clean]\n       pantau simulate --spool DIR [OPTIONS]   (see pantau simulate --help)"

    static let help = """
    usage: pantau simulate --to FILE|- [--tickets N] [--seed S] [--start RFC3339] [--rate TICKETS/h]
                           [--open-only] [--clean]
           pantau simulate --spool DIR [--mode append|batch|mixed | --one-stream] [--rate N/min]
                           [--seed S] [--tickets N] [--duration SPAN] [--realtime | --as-fast-as-possible]
                           [--speedup X] [--rotate-every N] [--keep-rotated N|all] [--batch-lines N]
                           [--batch-interval SPAN] [--start RFC3339] [--open-only] [--clean] [--split-writes]

    Realistic multi-channel contact-centre traffic (JSON Lines, format v1), in ts order; the same
    seed and options give the same lines.

    --to FILE|-            every line into FILE (or stdout) at once; --tickets defaults to 1000,
                           --rate is tickets per hour (default 600), --start to 2026-03-02T00:00:00Z
    --spool DIR            live traffic into a spool directory for `pantau serve` (DIR and DIR/tmp/
                           are created); runs until --tickets/--duration is reached or SIGINT/SIGTERM
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
      --duration SPAN      stop at simulated time start + SPAN (systemd time span: 30s, 10min, 1h 30min)
      --realtime           (default) write each line when the wall clock reaches its ts; the simulation
                           starts now (rounded up to a whole second), so the events are live
      --as-fast-as-possible  no sleeping: write the lines as fast as they are generated
      --speedup X          with --realtime, X simulated seconds per wall second (60: a minute per second);
                           timestamps stay the simulated ones, starting now
      --rotate-every N     rotate an appended file after N lines (default 5000, 0 = never), by rename:
                           F.jsonl -> F.jsonl.1 (.1 -> .2, …), then a fresh F.jsonl; a reader drains the
                           renamed file through its open descriptor (F.jsonl.1 does not match *.jsonl)
      --keep-rotated N|all rotated files kept per file (default 3; older ones are deleted, so a reader
                           that was not running loses their lines; 0 unlinks at rotation)
      --start RFC3339      the simulated start (default: now); pacing is relative to it
      --split-writes       test aid: each appended write is issued as two write(2) calls, the first
                           ending inside a line
    --seed S               random seed (default 1)
    --open-only            only `created` lines (tickets stay open)
    --clean                no duplicate or malformed lines

    SIGINT or SIGTERM ends a spool run cleanly: the current line is finished, everything buffered is
    written (a pending batch is published), exit status 0. A one-line summary (lines, files,
    rotations) goes to stderr.

    """

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        if args.contains("--help") || args.contains("-h") {
            StandardStreams.out(help)
            return 0
        }
        let a = try CommandArguments(args, options: ["config", "to", "tickets", "seed", "start", "rate", "spool", "mode",
                                                     "duration", "speedup", "rotate-every", "keep-rotated",
                                                     "batch-lines", "batch-interval"],
                                     flags: ["open-only", "clean", "realtime", "as-fast-as-possible", "one-stream",
                                             "split-writes"])
        if let spool = a["spool"] {
            guard a["to"] == nil else { throw CommandArguments.Failure(description: "--to and --spool exclude each other") }
            return try runSpool(directory: spool, a)
        }
        let spoolOnly = ["mode", "duration", "speedup", "rotate-every", "keep-rotated", "batch-lines", "batch-interval"]
            .filter { a[$0] != nil } + ["realtime", "as-fast-as-possible", "one-stream", "split-writes"].filter { a.has($0) }
        if let first = spoolOnly.first {
            throw CommandArguments.Failure(description: "--\(first) needs --spool DIR\n" + usage)
        }
        guard let to = a["to"] else { throw CommandArguments.Failure(description: "--to or --spool is required\n" + usage) }
        let tickets = try a.integer("tickets", default: 1000)
        guard tickets > 0 else { throw CommandArguments.Failure(description: "--tickets must be positive") }
        let seed = try a.integer("seed", default: 1)
        var start = RFC3339.parse("2026-03-02T00:00:00Z")!
        if let text = a["start"] {
            guard let parsed = RFC3339.parse(text) else {
                throw CommandArguments.Failure(description: "--start expects an RFC 3339 time, got \"\(text)\"")
            }
            start = parsed
        }
        let rateText = (a["rate"] ?? "600").split(separator: "/").first.map(String.init) ?? ""
        guard let rate = Double(rateText), rate > 0 else {
            throw CommandArguments.Failure(description: "--rate expects tickets per hour, e.g. 600 or 600/h")
        }
        let clean = a.has("clean")
        var simulator = TrafficSimulator(
            seed: UInt64(bitPattern: Int64(seed)), start: start, ticketsPerHour: rate, ticketLimit: tickets,
            closeTickets: !a.has("open-only"), duplicateRate: clean ? 0 : 0.002, malformedRate: clean ? 0 : 0.001)
        let fd = to == "-" ? 1 : open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandArguments.Failure(description: "\(to): \(String(cString: strerror(errno)))") }
        defer { if fd != 1 { close(fd) } }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var lines = 0
        while simulator.nextLine(into: &buffer) {
            lines += 1
            if buffer.count >= 1 << 20 {
                try writeAll(fd, buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try writeAll(fd, buffer)
        if to != "-" { StandardStreams.err("pantau: wrote \(lines) lines for \(tickets) tickets to \(to)\n") }
        return 0
    }

    /// `--spool DIR`: live traffic into a spool directory.
    static func runSpool(directory: String, _ a: CommandArguments) throws -> Int32 {
        func fail(_ text: String) -> CommandArguments.Failure { CommandArguments.Failure(description: text) }
        let tickets: Int? = try a["tickets"].map { _ in try a.integer("tickets", default: 0) }
        if let tickets, tickets <= 0 { throw fail("--tickets must be positive") }
        let seed = try a.integer("seed", default: 1)
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
        let duration = try a["duration"].map { try span($0, option: "duration") }
        let wallNow = SimulationPacer.wallClock()
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
                try writer.write(line, info, now: now)
                if !realtime { try writer.tick(now: now) }
            }
            try writer.finish()
        } catch {
            try? writer.finish()
            throw error
        }
        StandardStreams.err("pantau: wrote \(writer.summary); \(simulator.ticketsCreated) tickets; \(outcome)\n")
        return 0
    }

    /// Tickets per hour from `N`, `N/min`, `N/s` or `N/h` (a bare N is per minute).
    static func ticketsPerHour(spoolRate text: String) throws -> Double {
        let parts = text.split(separator: "/", maxSplits: 1)
            .map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        let unit = parts.count > 1 ? parts[1] : "min"
        let factor: Double? = switch unit {
        case "s", "sec", "second": 3600
        case "m", "min", "minute": 60
        case "h", "hr", "hour": 1
        default: nil
        }
        guard let first = parts.first, let n = Double(first), n.isFinite, n > 0, let factor else {
            throw CommandArguments.Failure(description: "--rate expects tickets per minute, e.g. 60/min (or N/s, N/h), got \"\(text)\"")
        }
        return n * factor
    }

    /// A systemd time span option.
    static func span(_ text: String, option: String) throws -> TimeSpan {
        do {
            return try TimeSpanParser.parse(text)
        } catch {
            throw CommandArguments.Failure(description: "--\(option): \(error)")
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buf in
            var offset = 0
            while offset < buf.count {
                let n = try SystemCall.retrying("write") { write(fd, buf.baseAddress! + offset, buf.count - offset) }
                offset += n
            }
        }
    }
}
