/// The exit statuses of every `pantau` command, decided in one place (`PantauCommandLine.main`)
/// from the error a command throws.
enum ExitStatus {
    /// The command did what it was asked (`--help` and `--version` included).
    static let success: Int32 = 0
    /// A failure at run time: an I/O error, an input file that cannot be read, a listen address
    /// that cannot be bound, a failed final checkpoint.
    static let failure: Int32 = 1
    /// A usage error (`UsageError`): an unknown option, a missing or malformed option value, a
    /// missing or unexpected positional argument.
    static let usage: Int32 = 2
    /// The configuration is invalid (`ConfigurationFailure`): `EX_CONFIG` of sysexits.h, so a unit
    /// can say `RestartPreventExitStatus=78` and not restart in a loop on a bad configuration.
    static let configuration: Int32 = 78

    /// The table every help text ends with.
    static let helpText = """
    exit status:
      0   success
      1   failure at run time (I/O error, unreadable input file, listen address that cannot be
          bound, failed final checkpoint)
      2   usage error (unknown option, missing or malformed option value, missing argument)
      78  configuration error: the configuration file or a drop-in is invalid (EX_CONFIG)

    """
}
