/// A command failed at run time for a reason its message names (an input file that cannot be
/// read, say). Like any error that is neither a `UsageError` nor a `ConfigurationFailure`, it
/// makes `PantauCommandLine.main` exit 1 (`ExitStatus.failure`).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
