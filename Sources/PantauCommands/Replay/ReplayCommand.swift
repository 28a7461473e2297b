import Foundation
import Glibc
import PantauCore
import PantauServe
import PantauSystem

/// `pantau replay [--config F] [--now T] [--format json|prometheus] FILE…` (SPEC §5): applies the
/// files merged by `ts` with the clock driven by the events alone, then advances it to `--now`,
/// and prints the figures.
enum ReplayCommand {
    static let usage = "usage: pantau replay [--config PATH] [--now RFC3339] [--format json|prometheus|openmetrics] FILE…"

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "now", "format"])
        guard !a.positionals.isEmpty else { throw CommandArguments.Failure(description: "no files given\n" + usage) }
        var now: Instant?
        if let text = a["now"] {
            guard let parsed = RFC3339.parse(text) else {
                throw CommandArguments.Failure(description: "--now expects an RFC 3339 time, got \"\(text)\"")
            }
            now = parsed
        }
        let format = a["format"] ?? "json"
        guard ["json", "prometheus", "openmetrics"].contains(format) else {
            throw CommandArguments.Failure(description: "--format expects json, prometheus or openmetrics, got \"\(format)\"")
        }
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
        return 0
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
                throw CommandArguments.Failure(description: "\(path): \(String(cString: strerror(errno)))")
            }
            descriptors.append(fd)
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw CommandArguments.Failure(description: "\(path): not a regular file")
            }
            readers.append(LineReader(fd: fd, maxLineBytes: configuration.daemon.maxLineBytes))
        }
        let parser = EventParser(channelNames: settings.channelNames, maxLineBytes: configuration.daemon.maxLineBytes)
        let feed = MergedLineFeed(readers: readers, parser: parser)
        try feed.run(into: &engine)
        for (path, reader) in zip(files, readers) where reader.pendingBytes > 0 {
            StandardStreams.err("pantau: \(path): last line has no newline; not applied (\(reader.pendingBytes) bytes)\n")
        }
        reportRejections(engine.totals, feed.firstRejections, files: files)
        if let now { engine.advance(to: now) }
        return engine.snapshot()
    }

    private static func reportRejections(_ totals: EventTotals, _ first: [MergedLineFeed.Rejection], files: [BytePath]) {
        let counts = RejectReason.allCases.map { ($0, totals.rejected[Int($0.rawValue)]) }.filter { $0.1 > 0 }
        guard !counts.isEmpty else { return }
        let total = counts.reduce(0) { $0 + $1.1 }
        var text = "pantau: \(total) rejected line\(total == 1 ? "" : "s"): "
        text += counts.map { "\($0.0.name) \($0.1)" }.joined(separator: ", ") + "\n"
        for r in first { text += "\(files[r.source]):\(r.line): \(r.reason.name)\n" }
        if total > first.count { text += "pantau: (the first \(first.count) shown)\n" }
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
