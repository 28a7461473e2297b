import PantauServe
import PantauSystem

/// The `pantau` command line: dispatches to the subcommands of SPEC §5, prints help, and maps
/// what a command throws to the exit status (`ExitStatus`), here and nowhere else.
public enum PantauCommandLine {
    static let usage = "usage: pantau COMMAND [OPTIONS]   (pantau COMMAND --help for a command's options)"

    static let help = """
    pantau \(PantauVersion.string): real-time SLA monitor for contact centres

    \(usage)

    commands:
      serve          run the daemon: tail the spool, keep SLA clocks, checkpoint, serve HTTP
                     (/metrics, /events, /api/v1/snapshot, /healthz, /readyz, /)
      check-config   validate the configuration and its drop-ins; every error as FILE:LINE: message
      replay FILE…   apply event files merged by time, print the figures (JSON, Prometheus, OpenMetrics)
      simulate       write realistic multi-channel traffic, into a file or live into a spool
      help COMMAND   a command's help (as pantau COMMAND --help)

    serve, check-config and replay read --config PATH (default /etc/pantau/pantau.conf, drop-ins
    in PATH.d/*.conf); simulate accepts it and uses its own five-channel traffic profile.

    options:
      -h, --help     this text
      -V, --version  the version

    examples:
      pantau serve --config /etc/pantau/pantau.conf
      pantau check-config --config Config/pantau.conf
      pantau simulate --to events.jsonl --tickets 10000 --seed 7
      pantau replay --config Config/pantau.conf events.jsonl

    \(ExitStatus.helpText)
    """

    /// A subcommand: its usage line(s), its help text and what runs it.
    struct Command {
        let usage: String
        let help: String
        let run: (ArraySlice<String>) throws -> Int32
    }

    /// The subcommand called `name`, nil for an unknown one.
    static func lookUp(_ name: String) -> Command? {
        switch name {
        case "serve":
            Command(usage: ServeCommand.usage, help: ServeCommand.help) { args in
                // Before anything else starts a thread: see TerminationSignals.
                TerminationSignals.block()
                return try ServeCommand.run(args)
            }
        case "check-config": Command(usage: CheckConfigCommand.usage, help: CheckConfigCommand.help, run: CheckConfigCommand.run)
        case "replay": Command(usage: ReplayCommand.usage, help: ReplayCommand.help, run: ReplayCommand.run)
        case "simulate": Command(usage: SimulateCommand.usage, help: SimulateCommand.help, run: SimulateCommand.run)
        default: nil
        }
    }

    /// Runs the command line and returns the exit status: 0 success, 1 failure at run time, 2 usage
    /// error, 78 configuration error. Help goes to stdout (status 0), every message to stderr as
    /// `pantau COMMAND: message`.
    public static func main(_ arguments: [String]) -> Int32 {
        let args = arguments.dropFirst()
        guard let name = args.first else {
            StandardStreams.err(help)
            return ExitStatus.usage
        }
        switch name {
        case "--help", "-h":
            StandardStreams.out(help)
            return ExitStatus.success
        case "help":
            guard let topic = args.dropFirst().first else {
                StandardStreams.out(help)
                return ExitStatus.success
            }
            guard let command = lookUp(topic) else { return unknownCommand(topic) }
            StandardStreams.out(command.help)
            return ExitStatus.success
        case "--version", "-V", "version":
            StandardStreams.out("pantau \(PantauVersion.string)\n")
            return ExitStatus.success
        default:
            break
        }
        guard let command = lookUp(name) else { return unknownCommand(name) }
        let rest = args.dropFirst()
        if CommandArguments.asksForHelp(rest) {
            StandardStreams.out(command.help)
            return ExitStatus.success
        }
        do {
            return try command.run(rest)
        } catch let error as UsageError {
            StandardStreams.err("pantau \(name): \(error)\n\(command.usage)\n")
            return ExitStatus.usage
        } catch let error as ConfigurationFailure {
            StandardStreams.err("\(error)\npantau \(name): \(error.summary)\n")
            return ExitStatus.configuration
        } catch {
            StandardStreams.err("pantau \(name): \(error)\n")
            return ExitStatus.failure
        }
    }

    private static func unknownCommand(_ name: String) -> Int32 {
        StandardStreams.err("pantau: unknown command \"\(name)\"; see pantau --help\n")
        return ExitStatus.usage
    }
}
