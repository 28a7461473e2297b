import Glibc
import PantauCore
import PantauServe
import PantauSystem

/// `pantau serve`: parses the options, resolves the settings once, runs the services until
/// SIGTERM or SIGINT and returns the exit status (1 when a service failed to start or stop, a
/// final checkpoint included). Bad options are a `UsageError`, an invalid configuration (or token
/// file) a `ConfigurationFailure`; a listen address that cannot be bound is thrown as it is (1).
enum ServeCommand {
    static let usage = """
    usage: pantau serve [--config PATH] [--spool DIR] [--state DIR] [--listen HOST:PORT]…
                        [--clock wall|events] [--log-level LEVEL]
    """

    static let help = """
    \(usage)

    Runs the daemon: tails the spool directory, keeps every open ticket's SLA clocks, writes
    checkpoints into the state directory and serves HTTP: /metrics (Prometheus, OpenMetrics),
    /events (server-sent events), /api/v1/snapshot, /healthz, /readyz and the wallboard at /.
    It logs to stderr (the journal under systemd). SIGTERM or SIGINT stops it after a final
    checkpoint; SIGHUP rereads the configuration (an invalid one is refused, the old one stays).

    options:
      --config PATH        the configuration file (default \(ConfigurationLoader.defaultPath));
                           drop-ins are read from PATH.d/*.conf
      --spool DIR          the spool directory, instead of Spool= (default /var/spool/pantau)
      --state DIR          where the checkpoint is kept, instead of State= (default /var/lib/pantau)
      --listen HOST:PORT   an HTTP listen address; repeat it for several. Replaces every Listen=
                           of the configuration (default 127.0.0.1:9747). [V6ADDR]:PORT for IPv6,
                           *:PORT for every address; port 0 picks a free port (the log names it).
                           Not used when systemd passes a socket (socket activation).
      --clock wall|events  what drives the SLA clocks (default wall): wall = the events while
                           catching up, then the wall clock too, and lines too far in the future
                           are rejected; events = the events alone (replaying history live, tests)
      --log-level LEVEL    the least severe messages logged: debug, info, notice, warning or
                           error (default info)
      -h, --help           this text

    examples:
      pantau serve
      pantau serve --config Config/pantau.conf --spool run/spool --state run/state --listen 127.0.0.1:9747
      pantau serve --config /etc/pantau/pantau.conf --listen '[::1]:9747' --listen 127.0.0.1:9747

    \(ExitStatus.helpText)
    """

    /// Every connection is a descriptor: take the hard limit (systemd's default soft limit is 1024).
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// The options as `ServeOptions`; a usage error for a bad value.
    static func options(_ a: CommandArguments) throws(UsageError) -> ServeOptions {
        var options = ServeOptions(configurationPath: a["config"] ?? ConfigurationLoader.defaultPath)
        if let clock = a["clock"] {
            guard let mode = ClockMode(rawValue: clock) else {
                throw UsageError("--clock expects wall or events, got \"\(clock)\"")
            }
            options.clock = mode
        }
        options.spool = a["spool"]
        options.state = a["state"]
        let listen = a.values("listen")
        options.listen = listen.isEmpty ? nil : listen
        if let level = a["log-level"] {
            guard let l = Logger.Level(name: level) else {
                throw UsageError("--log-level expects debug, info, notice, warning or error, got \"\(level)\"")
            }
            options.logLevel = l
        }
        return options
    }

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config", "clock", "spool", "state", "log-level", "listen"])
        try a.requireNoPositionals()
        let options = try options(a)
        let settings: ServeSettings
        switch ServeSettings.load(options) {
        case .success(let s): settings = s
        case .failure(let errors): throw ConfigurationFailure(path: options.configurationPath, errors: errors)
        }
        raiseDescriptorLimit()
        let runtime = try ServeRuntime(settings: settings)
        return runtime.run()
    }
}
