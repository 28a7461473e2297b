import Foundation
import Glibc
import PantauCore

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
        let snapshot = try replay(files: a.positionals, configuration: configuration, now: now)
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
    /// last event's clock, or at `now` when given.
    static func replay(files: [String], configuration: Configuration, now: Instant?) throws -> Snapshot {
        let settings = EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current)
        var engine = SLAEngine(settings: settings)
        var descriptors: [Int32] = []
        defer { for fd in descriptors { close(fd) } }
        var readers: [LineReader] = []
        for path in files {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw CommandArguments.Failure(description: "\(path): \(String(cString: strerror(errno)))")
            }
            descriptors.append(fd)
            readers.append(LineReader(fd: fd, maxLineBytes: configuration.daemon.maxLineBytes))
        }
        let parser = EventParser(channelNames: settings.channelNames, maxLineBytes: configuration.daemon.maxLineBytes)
        try MergedLineFeed(readers: readers, parser: parser).run(into: &engine)
        for (path, reader) in zip(files, readers) where reader.pendingBytes > 0 {
            StandardStreams.err("pantau: \(path): last line has no newline; not applied (\(reader.pendingBytes) bytes)\n")
        }
        if let now { engine.advance(to: now) }
        return engine.snapshot()
    }
}
