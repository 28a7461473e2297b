/// Why a text is not a systemd time span. `message` describes the problem without repeating the whole
/// text, so a caller can prefix its own context: `unknown time unit "x" (expected us, ms, s, min, h, d,
/// w, M or y)`.
public struct TimeSpanParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the offending text.
    public var message: String

    /// An error with that message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
