/// The command line was used wrongly: an unknown option, a missing or malformed option value, a
/// missing or unexpected positional argument. `PantauCommandLine.main` prints it with the
/// command's usage line and exits 2 (`ExitStatus.usage`).
struct UsageError: Error, CustomStringConvertible {
    /// What is wrong, in one line: `unknown option --frobnicate`.
    let description: String

    init(_ description: String) { self.description = description }
}
