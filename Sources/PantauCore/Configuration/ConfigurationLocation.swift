/// Where a line is: which source (by its position in the parser's input) and which 1-based line.
struct ConfigurationLocation: Equatable, Sendable {
    /// Index into the sources given to the parser.
    var source: Int
    /// 1-based line; 0 when not line-specific.
    var line: Int
}
