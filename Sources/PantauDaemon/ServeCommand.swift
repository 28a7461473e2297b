import Dispatch
import Glibc
import PantauCore

/// `pantau serve [--config PATH] [--clock wall|events] [--spool DIR] [--state DIR] [--listen ADDR]…
/// [--log-level L]`.
enum ServeCommand {
    /// Every connection is a descriptor: take the hard limit (systemd's default soft limit is 1024).
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "clock", "spool", "state", "log-level", "listen"])
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
        raiseDescriptorLimit()
        let daemon = try Daemon(options: options, configuration: configuration)
        let listen = a.values("listen")
        let http = try HTTPFrontEnd(configuration: configuration, listen: listen.isEmpty ? nil : listen,
                                    board: daemon.board, bootID: daemon.bootID, log: daemon.log)
        http.service.refresh = { [daemon] done in daemon.publishNow(then: done) }
        try daemon.start(sink: http)
        http.start()
        TerminationSignals.waitForever()
    }
}
