/// Why one piece of configuration text (a value, a section header, a name) is invalid; the parser
/// adds the file and line to make it a ``ConfigurationError``.
struct ConfigurationValueError: Error, Equatable, Sendable {
    /// What is wrong, without the location.
    var message: String

    init(_ message: String) { self.message = message }
}
