/// Every problem found in a configuration, in file order (the order the sources were given) and,
/// within a file, in line order.
public struct ConfigurationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems; never empty when returned by the parser or the loader.
    public var errors: [ConfigurationError]

    /// A list of errors.
    public init(_ errors: [ConfigurationError]) { self.errors = errors }

    /// One error per line, each `FILE:LINE: message`.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
