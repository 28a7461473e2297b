/// Why saved state could not be decoded: the bytes end early, a value is out of range, the data
/// is of another format or version, or it does not fit the configuration. The shell then sets the
/// state aside and rebuilds it from the spool (SPEC §4).
public struct StateDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of problem, for callers that react differently (tests, logs).
    public enum Kind: Sendable, Equatable {
        /// The bytes end before the value being read.
        case truncated
        /// A value is out of its range or inconsistent with another.
        case invalidValue
        /// The data starts with another magic number: not this kind of data at all.
        case wrongMagic
        /// The data is of another format version.
        case unsupportedVersion
        /// The checksum does not match the bytes.
        case checksumMismatch
        /// The state was saved under a configuration it cannot be applied to.
        case configurationMismatch
    }

    /// What went wrong, broadly.
    public var kind: Kind
    /// The byte offset the problem was found at (0 when not about one place).
    public var offset: Int
    /// What is wrong, naming the field.
    public var message: String

    /// An error of `kind` found at byte `offset`.
    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    /// `message (at byte N)`.
    public var description: String { "\(message) (at byte \(offset))" }

    /// `count` bytes of `field` were needed at `offset`, fewer were left.
    public static func truncated(_ field: String, needed count: Int, at offset: Int, available: Int) -> StateDecodingError {
        StateDecodingError(.truncated, at: offset, "state truncated: \(field) needs \(count) bytes, \(available) left")
    }

    /// `field` holds a value it cannot hold.
    public static func invalid(_ field: String, _ detail: String, at offset: Int) -> StateDecodingError {
        StateDecodingError(.invalidValue, at: offset, "invalid \(field): \(detail)")
    }
}
