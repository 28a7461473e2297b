import Glibc

/// Log lines with a level and structured fields: to stderr as `LEVEL message KEY=value …` (the
/// journal picks stderr up under systemd). Thread-safe: each line is one write(2).
final class Logger: @unchecked Sendable {
    enum Level: Int, Comparable, Sendable {
        case debug = 7, info = 6, notice = 5, warning = 4, error = 3

        var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            }
        }

        static func < (a: Level, b: Level) -> Bool { a.rawValue > b.rawValue }
    }

    let minimum: Level
    private let fd: Int32

    init(minimum: Level = .info, fd: Int32 = 2) {
        self.minimum = minimum
        self.fd = fd
    }

    func log(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        guard level >= minimum else { return }
        var line = "<\(level.rawValue)>\(level.name): \(message)"
        for key in fields.keys.sorted() {
            let value = fields[key]!
            line += " \(key)=" + (value.contains(" ") || value.isEmpty ? "\"\(value)\"" : value)
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
            var off = 0
            while off < b.count {
                let n = write(fd, b.baseAddress! + off, b.count - off)
                if n < 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }

    func debug(_ m: String, _ f: [String: String] = [:]) { log(.debug, m, f) }
    func info(_ m: String, _ f: [String: String] = [:]) { log(.info, m, f) }
    func notice(_ m: String, _ f: [String: String] = [:]) { log(.notice, m, f) }
    func warning(_ m: String, _ f: [String: String] = [:]) { log(.warning, m, f) }
    func error(_ m: String, _ f: [String: String] = [:]) { log(.error, m, f) }
}
