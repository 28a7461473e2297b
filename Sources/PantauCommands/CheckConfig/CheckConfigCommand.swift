import PantauCore
import PantauServe
import PantauSystem

/// `pantau check-config [--config PATH]`: like `nginx -t`, reads the configuration and its
/// drop-ins and prints a summary (exit 0), or throws every error (`ConfigurationFailure`: printed
/// as `FILE:LINE: message` lines, exit 78).
enum CheckConfigCommand {
    static let usage = "usage: pantau check-config [--config PATH]"

    static let help = """
    \(usage)

    Reads the configuration file and its drop-ins (PATH.d/*.conf, in lexical order; a later
    assignment wins) as `pantau serve` does at start and at a reload, like `nginx -t`; only the
    file BearerTokenFile= names is not read (serve reads it). A valid configuration gets a
    one-line summary (channels, calendars) on stdout. Otherwise every error goes to stderr, one
    per line in file and line order, as FILE:LINE: message (LINE 0: a problem not about one line,
    such as an unreadable file or no channel at all), then a count.

    options:
      --config PATH   the configuration file (default \(ConfigurationLoader.defaultPath));
                      drop-ins are read from PATH.d/*.conf
      -h, --help      this text

    examples:
      pantau check-config
      pantau check-config --config Config/pantau.conf
      pantau check-config --config /etc/pantau/pantau.conf && systemctl reload pantau

    \(ExitStatus.helpText)
    """

    static func run(_ args: ArraySlice<String>) throws -> Int32 {
        let a = try CommandArguments(args, options: ["config"])
        try a.requireNoPositionals()
        let path = a["config"] ?? ConfigurationLoader.defaultPath
        let c = try CommandSupport.loadConfiguration(path)
        let channels = c.channels.map(\.name).joined(separator: ", ")
        let calendars = c.calendars.count == 1 ? "1 calendar" : "\(c.calendars.count) calendars"
        StandardStreams.out("pantau: configuration \(path) is valid: \(c.channels.count) channels (\(channels)), \(calendars)\n")
        return ExitStatus.success
    }
}
