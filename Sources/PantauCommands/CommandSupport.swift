import PantauCore
import PantauServe

/// What several commands share: loading the configuration given by `--config`.
enum CommandSupport {
    /// Loads the configuration at `path` (the default when nil) with its drop-ins, or throws
    /// every error as a `ConfigurationFailure`.
    static func loadConfiguration(_ path: String?) throws(ConfigurationFailure) -> Configuration {
        let path = path ?? ConfigurationLoader.defaultPath
        switch ConfigurationLoader.load(path: path) {
        case .success(let configuration): return configuration
        case .failure(let errors): throw ConfigurationFailure(path: path, errors: errors)
        }
    }
}
