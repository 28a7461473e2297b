import Dispatch
import PantauCore

/// `pantau serve [--config PATH] [--clock wall|events] [--spool DIR] [--state DIR] [--log-level L]`.
enum ServeCommand {
    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "clock", "spool", "state", "log-level"])
        let path = a["config"] ?? ConfigurationLoader.defaultPath
        var options = Daemon.Options(configurationPath: path)
        if let clock = a["clock"] {
            guard let mode = ClockMode(rawValue: clock) else {
                throw CommandArguments.Failure(description: "--clock expects wall or events, got \"\(clock)\"")
            }
            options.clock = mode
        }
        options.spool = a["spool"]
        options.state = a["state"]
        if let level = a["log-level"] {
            let levels: [String: Logger.Level] = ["debug": .debug, "info": .info, "notice": .notice, "warning": .warning, "error": .error]
            guard let l = levels[level] else { throw CommandArguments.Failure(description: "--log-level expects debug, info, notice, warning or error") }
            options.logLevel = l
        }
        let configuration = try CommandSupport.loadConfiguration(path)
        let daemon = try Daemon(options: options, configuration: configuration)
        try daemon.start()
        dispatchMain()
    }
}
