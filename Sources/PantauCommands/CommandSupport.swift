import PantauCore
import PantauServe

/// What several commands share: loading the configuration given by `--config`.
enum CommandSupport {
    /// The configuration is invalid: every error as `FILE:LINE: message` lines.
    struct ConfigurationFailure: Error, CustomStringConvertible {
        let errors: ConfigurationErrors
        var description: String { errors.description }
    }

    /// Loads the configuration or throws every error.
    static func loadConfiguration(_ path: String?) throws -> Configuration {
        switch ConfigurationLoader.load(path: path ?? ConfigurationLoader.defaultPath) {
        case .success(let configuration): return configuration
        case .failure(let errors): throw ConfigurationFailure(errors: errors)
        }
    }
}
