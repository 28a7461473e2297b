import PantauCore

/// What several commands share: loading the configuration given by `--config`.
enum CommandSupport {
    /// Loads the configuration or throws every error as `FILE:LINE: message` lines.
    static func loadConfiguration(_ path: String?) throws -> Configuration {
        switch ConfigurationLoader.load(path: path ?? ConfigurationLoader.defaultPath) {
        case .success(let configuration): return configuration
        case .failure(let errors): throw CommandArguments.Failure(description: errors.description)
        }
    }
}
