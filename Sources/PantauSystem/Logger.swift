import Glibc

/// Log lines with a level and structured fields: to stderr as `<N>LEVEL: message KEY=value …`
/// (the journal picks stderr up under systemd and reads the `<N>` prefix as the priority).
/// Thread-safe: each record is one write(2) of one line.
///
/// Every message and value is escaped (`LogEscaping`): a value that holds a newline, a `<0>` or a
/// byte that is not UTF-8 cannot forge a second record. A value is quoted when it is empty or
/// holds a space.
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
    private let fd: Int32

    package init(minimum: Level = .info, fd: Int32 = 2) {
        self.minimum = minimum
        self.fd = fd
    }

    /// The record as it is written, with its line end.
    package static func render(_ level: Level, _ message: String, _ fields: [String: any LogValue]) -> [UInt8] {
        var line = Array("<\(level.rawValue)>\(level.name): ".utf8)
        LogEscaping.append(message.utf8, to: &line)
        for key in fields.keys.sorted() {
            let value = fields[key]!.logBytes
            line.append(UInt8(ascii: " "))
            LogEscaping.append(key.utf8, to: &line)
            line.append(UInt8(ascii: "="))
            let quoted = value.isEmpty || value.contains(UInt8(ascii: " "))
            if quoted { line.append(UInt8(ascii: "\"")) }
            LogEscaping.append(value, to: &line)
            if quoted { line.append(UInt8(ascii: "\"")) }
        }
        line.append(0x0A)
        return line
    }

    package func log(_ level: Level, _ message: String, _ fields: [String: any LogValue] = [:]) {
        guard level >= minimum else { return }
        let bytes = Logger.render(level, message, fields)
        try? Descriptor.writeAll(fd, bytes)  // a log that cannot be written has no one to tell
    }

    package func debug(_ m: String, _ f: [String: any LogValue] = [:]) { log(.debug, m, f) }
    package func info(_ m: String, _ f: [String: any LogValue] = [:]) { log(.info, m, f) }
    package func notice(_ m: String, _ f: [String: any LogValue] = [:]) { log(.notice, m, f) }
    package func warning(_ m: String, _ f: [String: any LogValue] = [:]) { log(.warning, m, f) }
    package func error(_ m: String, _ f: [String: any LogValue] = [:]) { log(.error, m, f) }
}
