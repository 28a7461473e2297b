import Foundation
import Glibc
import PantauCore
import PantauServe
import PantauSystem

/// `pantau replay [--config F] [--now T] [--format json|prometheus|openmetrics] FILE…` (SPEC §5):
/// applies the files merged by `ts` with the clock driven by the events alone, then advances it to
/// `--now`, and prints the figures. Bad options are a `UsageError`, an invalid configuration a
/// `ConfigurationFailure`, a file that cannot be read a `CommandFailure`.
enum ReplayCommand {
    static let usage = "usage: pantau replay [--config PATH] [--now RFC3339] [--format json|prometheus|openmetrics] FILE…"

    static let help = """
    \(usage)

    Applies event files (JSON Lines, format v1) as the daemon applies its spool: merged by ts (the
    next line applied is the one with the smallest ts among the files' next lines; ties go to the
    file given first), with the SLA clocks driven by the events alone. Then it advances the clock
    to --now, if given, and prints the figures on stdout. Rejected lines are summarised on stderr:
    the count per reason, then the first 20 as FILE:LINE: reason. A last line without a newline is
    not applied (and named on stderr).

    options:
      --config PATH   the configuration whose channels and targets apply
                      (default \(ConfigurationLoader.defaultPath), drop-ins from PATH.d/*.conf)
      --now RFC3339   after the last event, advance the clock to this instant, deciding the
                      deadlines up to it (default: the figures at the last event's time)
      --format F      json (default: the document GET /api/v1/snapshot serves), prometheus
                      (text format 0.0.4) or openmetrics (OpenMetrics 1.0)
      FILE…           one or more regular files (at least one); after --, every argument is a file
      -h, --help      this text

    examples:
      pantau replay --config Config/pantau.conf events.jsonl
      pantau replay --config Config/pantau.conf --format prometheus --now 2026-03-03T00:00:00Z spool/*.jsonl
      pantau replay --config Config/pantau.conf run/spool/*.jsonl* | python3 -m json.tool

    \(ExitStatus.helpText)
    """

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "now", "format"])
        var now: Instant?
        if let text = a["now"] {
            guard let parsed = RFC3339.parse(text) else {
                throw UsageError("--now expects an RFC 3339 time, got \"\(text)\"")
            }
            now = parsed
        }
        let format = a["format"] ?? "json"
        guard ["json", "prometheus", "openmetrics"].contains(format) else {
            throw UsageError("--format expects json, prometheus or openmetrics, got \"\(format)\"")
        }
        guard !a.positionals.isEmpty else { throw UsageError("no files given") }
        let configuration = try CommandSupport.loadConfiguration(a["config"])
        let files = rawPaths(for: a.positionals)
        let snapshot = try replay(files: files, configuration: configuration, now: now)
        var out: [UInt8] = []
        switch format {
        case "json":
            SnapshotJSONRenderer.render(snapshot, into: &out)
            out.append(0x0A)
        case "prometheus":
            PrometheusRenderer.render(snapshot, format: .text, version: PantauVersion.string, into: &out)
        default:
            PrometheusRenderer.render(snapshot, format: .openMetrics, version: PantauVersion.string, into: &out)
        }
        StandardStreams.write(out)
        return ExitStatus.success
    }

    /// Replays `files` (merged per SPEC §4, ties in the order given) and returns the figures at the
    /// last event's clock, or at `now` when given. Rejected lines are summarised on stderr: the
    /// count per reason, then the first ones as `FILE:LINE: reason`.
    static func replay(files: [String], configuration: Configuration, now: Instant?) throws -> Snapshot {
        try replay(files: files.map(BytePath.init), configuration: configuration, now: now)
    }

    static func replay(files: [BytePath], configuration: Configuration, now: Instant?) throws -> Snapshot {
        let settings = EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current)
        var engine = SLAEngine(settings: settings)
        var descriptors: [Int32] = []
        defer { for fd in descriptors { close(fd) } }
        var readers: [LineReader] = []
        for path in files {
            let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
            guard fd >= 0 else {
                throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            descriptors.append(fd)
            var st = stat()
            guard fstat(fd, &st) == 0 else {
                throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                let kind = (st.st_mode & S_IFMT) == S_IFDIR ? "it is a directory" : "not a regular file"
                throw CommandFailure("cannot read \(path): \(kind)")
            }
            readers.append(LineReader(fd: fd, maxLineBytes: configuration.daemon.maxLineBytes))
        }
        let parser = EventParser(channelNames: settings.channelNames, maxLineBytes: configuration.daemon.maxLineBytes)
        let feed = MergedLineFeed(readers: readers, parser: parser)
        try feed.run(into: &engine)
        for (path, reader) in zip(files, readers) where reader.pendingBytes > 0 {
            StandardStreams.err("pantau replay: \(path): last line has no newline; not applied (\(reader.pendingBytes) bytes)\n")
        }
        reportRejections(engine.totals, feed.firstRejections, files: files)
        if let now { engine.advance(to: now) }
        return engine.snapshot()
    }

    private static func reportRejections(_ totals: EventTotals, _ first: [MergedLineFeed.Rejection], files: [BytePath]) {
        let counts = RejectReason.allCases.map { ($0, totals.rejected[Int($0.rawValue)]) }.filter { $0.1 > 0 }
        guard !counts.isEmpty else { return }
        let total = counts.reduce(0) { $0 + $1.1 }
        var text = "pantau replay: \(total) rejected line\(total == 1 ? "" : "s"): "
        text += counts.map { "\($0.0.name) \($0.1)" }.joined(separator: ", ") + "\n"
        for r in first { text += "\(files[r.source]):\(r.line): \(r.reason.name)\n" }
        if total > first.count { text += "pantau replay: (the first \(first.count) shown)\n" }
        StandardStreams.err(text)
    }

    /// The file arguments as the bytes they were given in: a name that is not UTF-8 does not
    /// survive `CommandLine.arguments` (it is repaired into another name), so each positional is
    /// matched, in order, to the raw argument it came from.
    static func rawPaths(for positionals: [String]) -> [BytePath] {
        var raw: [[UInt8]] = []
        for i in 1..<Int(CommandLine.argc) {
            guard let p = CommandLine.unsafeArgv[i] else { continue }
            raw.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))))
        }
        var next = 0
        return positionals.map { text in
            while next < raw.count {
                let candidate = raw[next]
                next += 1
                if String(decoding: candidate, as: UTF8.self) == text { return BytePath(bytes: candidate) }
            }
            return BytePath(text)
        }
    }
}
