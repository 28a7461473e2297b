import PantauCore
import PantauServe
import PantauSystem

/// `pantau check-config [--config PATH]`: like `nginx -t`, prints every error as
/// `FILE:LINE: message` and exits 1, or a summary and exits 0.
enum CheckConfigCommand {
    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config"])
        let path = a["config"] ?? ConfigurationLoader.defaultPath
        switch ConfigurationLoader.load(path: path) {
        case .success(let c):
            StandardStreams.out("pantau: configuration \(path) is valid: \(c.channels.count) channels (\(c.channels.map(\.name).joined(separator: ", "))), \(c.calendars.count) calendars\n")
            return 0
        case .failure(let errors):
            StandardStreams.err(errors.description + "\n")
            StandardStreams.err("pantau: configuration \(path) has \(errors.errors.count) error\(errors.errors.count == 1 ? "" : "s")\n")
            return 1
        }
    }
}
