import PantauCore

/// The configuration file or one of its drop-ins is invalid (or unreadable). `PantauCommandLine.main`
/// prints every error as `FILE:LINE: message`, then a summary naming `path`, and exits 78
/// (`ExitStatus.configuration`), the same for every command that loads a configuration.
struct ConfigurationFailure: Error, CustomStringConvertible {
    /// The main configuration file given (`--config`, or the default).
    let path: String
    let errors: ConfigurationErrors

    /// Every error, one `FILE:LINE: message` per line (no final line end).
    var description: String { errors.description }

    /// `configuration PATH has N errors`.
    var summary: String {
        let n = errors.errors.count
        return "configuration \(path) has \(n) error\(n == 1 ? "" : "s")"
    }
}
