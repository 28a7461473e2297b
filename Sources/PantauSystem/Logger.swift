import Glibc

/// Log records with a level, structured fields, an optional kind (`MESSAGE_ID=`) and the code
/// location, handed to a sink: escaped lines on stderr (`StreamLogSink`), or the journal's native
/// protocol when stderr is the journal (PantauServe's `JournalLogSink`). Thread-safe.
package final class Logger: Sendable {
    package enum Level: Int, Comparable, Sendable, CaseIterable {
        case debug = 7, info = 6, notice = 5, warning = 4, error = 3

        package var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            }
        }

        /// The level named `name` (`--log-level`).
        package init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name }) else { return nil }
            self = level
        }

        package static func < (a: Level, b: Level) -> Bool { a.rawValue > b.rawValue }
    }

    package let minimum: Level
    package let sink: any LogSink

    /// Escaped lines on `fd` (stderr by default).
    package convenience init(minimum: Level = .info, fd: Int32 = 2) {
        self.init(minimum: minimum, sink: StreamLogSink(fd: fd))
    }

    package init(minimum: Level, sink: any LogSink) {
        self.minimum = minimum
        self.sink = sink
    }

    package func log(_ level: Level, _ message: String, _ fields: [String: any LogValue] = [:], kind: LogKind? = nil,
                     file: String = #fileID, line: Int = #line, function: String = #function) {
        guard level >= minimum else { return }
        sink.write(LogRecord(level: level, message: message, fields: fields, kind: kind, file: file, line: line, function: function))
    }

    package func debug(_ m: String, _ f: [String: any LogValue] = [:], kind: LogKind? = nil,
                       file: String = #fileID, line: Int = #line, function: String = #function) {
        log(.debug, m, f, kind: kind, file: file, line: line, function: function)
    }
    package func info(_ m: String, _ f: [String: any LogValue] = [:], kind: LogKind? = nil,
                      file: String = #fileID, line: Int = #line, function: String = #function) {
        log(.info, m, f, kind: kind, file: file, line: line, function: function)
    }
    package func notice(_ m: String, _ f: [String: any LogValue] = [:], kind: LogKind? = nil,
                        file: String = #fileID, line: Int = #line, function: String = #function) {
        log(.notice, m, f, kind: kind, file: file, line: line, function: function)
    }
    package func warning(_ m: String, _ f: [String: any LogValue] = [:], kind: LogKind? = nil,
                         file: String = #fileID, line: Int = #line, function: String = #function) {
        log(.warning, m, f, kind: kind, file: file, line: line, function: function)
    }
    package func error(_ m: String, _ f: [String: any LogValue] = [:], kind: LogKind? = nil,
                       file: String = #fileID, line: Int = #line, function: String = #function) {
        log(.error, m, f, kind: kind, file: file, line: line, function: function)
    }
}
