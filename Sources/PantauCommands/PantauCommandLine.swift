import PantauServe
import PantauSystem

/// The `pantau` command line: dispatches to the subcommands of SPEC §5.
public enum PantauCommandLine {
    static let help = """
    pantau \(PantauVersion.string): real-time SLA monitor for contact centres

    usage: pantau COMMAND [OPTIONS]

    commands:
      serve          run the daemon: tail the spool, keep SLA clocks, checkpoint, serve HTTP
                     (/metrics, /events, /api/v1/snapshot, /healthz, /readyz)
                     [--clock wall|events] [--spool DIR] [--state DIR] [--log-level LEVEL]
                     [--listen HOST:PORT]… (instead of Listen=; port 0 picks a free port)
      check-config   validate the configuration; every error as FILE:LINE: message
      replay FILE…   apply event files merged by time, print the figures
                     [--now RFC3339] [--format json|prometheus|openmetrics]
      simulate       write realistic multi-channel traffic, to a file or live into a spool
                     --to FILE --tickets N [--seed S] [--start RFC3339] [--rate N/h]
                     --spool DIR [--mode append|batch|mixed|--one-stream] [--rate N/min] …
                     (see pantau simulate --help)

    every command takes --config PATH (default /etc/pantau/pantau.conf, drop-ins in PATH.d/)
      --help       this text
      --version    the version

    """

    /// Runs the command line and returns the exit status.
    public static func main(_ arguments: [String]) -> Int32 {
        let args = arguments.dropFirst()
        guard let command = args.first else {
            StandardStreams.err(help)
            return 2
        }
        do {
            switch command {
            case "--help", "-h", "help":
                StandardStreams.out(help)
                return 0
            case "--version", "-V", "version":
                StandardStreams.out("pantau \(PantauVersion.string)\n")
                return 0
            case "serve":
                // Before anything else starts a thread: see TerminationSignals.
                TerminationSignals.block()
                return try ServeCommand.run(args.dropFirst())
            case "check-config": return try CheckConfigCommand.run(args.dropFirst())
            case "replay": return try ReplayCommand.run(args.dropFirst())
            case "simulate": return try SimulateCommand.run(args.dropFirst())
            default:
                StandardStreams.err("pantau: unknown command \"\(command)\"; see pantau --help\n")
                return 2
            }
        } catch {
            StandardStreams.err("pantau \(command): \(error)\n")
            return error is CommandArguments.Failure ? 2 : 1
        }
    }
}
