import PantauSystem

/// What `pantau serve` is told on its command line: where the configuration is, and the
/// overrides that win over it (`--spool`, `--state`, `--listen`), the clock mode and the log level.
package struct ServeOptions: Sendable, Equatable {
    package var configurationPath: String
    package var clock: ClockMode = .wall
    package var spool: String?
    package var state: String?
    /// Replaces `Listen=` when given (one or more addresses).
    package var listen: [String]?
    package var logLevel: Logger.Level = .info

    package init(configurationPath: String, clock: ClockMode = .wall, spool: String? = nil, state: String? = nil,
                 listen: [String]? = nil, logLevel: Logger.Level = .info) {
        self.configurationPath = configurationPath
        self.clock = clock
        self.spool = spool
        self.state = state
        self.listen = listen
        self.logLevel = logLevel
    }
}
