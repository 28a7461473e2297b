import Glibc
import PantauCore
import PantauServe
import PantauSystem

/// `pantau serve`: parses the options, resolves the settings once, runs the services until
/// SIGTERM or SIGINT and returns the exit status.
enum ServeCommand {
    /// Every connection is a descriptor: take the hard limit (systemd's default soft limit is 1024).
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// The options as `ServeOptions`; a usage error for a bad value.
    static func options(_ a: CommandArguments) throws -> ServeOptions {
        var options = ServeOptions(configurationPath: a["config"] ?? ConfigurationLoader.defaultPath)
        if let clock = a["clock"] {
            guard let mode = ClockMode(rawValue: clock) else {
                throw CommandArguments.Failure(description: "--clock expects wall or events, got \"\(clock)\"")
            }
            options.clock = mode
        }
        options.spool = a["spool"]
        options.state = a["state"]
        let listen = a.values("listen")
        options.listen = listen.isEmpty ? nil : listen
        if let level = a["log-level"] {
            guard let l = Logger.Level(name: level) else {
                throw CommandArguments.Failure(description: "--log-level expects debug, info, notice, warning or error, got \"\(level)\"")
            }
            options.logLevel = l
        }
        return options
    }

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "clock", "spool", "state", "log-level", "listen"])
        let options = try options(a)
        let settings: ServeSettings
        switch ServeSettings.load(options) {
        case .success(let s): settings = s
        case .failure(let errors): throw CommandSupport.ConfigurationFailure(errors: errors)
        }
        raiseDescriptorLimit()
        let runtime = try ServeRuntime(settings: settings)
        return runtime.run()
    }
}
