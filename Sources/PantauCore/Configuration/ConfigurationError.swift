/// One problem in the configuration, located by file and line (`pantau check-config` prints these).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the file, as given in ``ConfigurationSource/path``.
    public var file: String
    /// The 1-based line; 0 when the problem is not about one line (an unreadable file, no channel).
    /// For a value continued over several lines with `\`, the line the value starts on.
    public var line: Int
    /// What is wrong and, where it helps, what was expected.
    public var message: String

    /// An error at that place.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, like a compiler diagnostic (`LINE` is `0` when not line-specific).
    public var description: String { "\(file):\(line): \(message)" }
}
