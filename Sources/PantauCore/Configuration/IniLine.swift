/// One logical line of a systemd-style INI file, after comments, blank lines and `\` continuations
/// are dealt with.
struct IniLine: Equatable, Sendable {
    /// What the line holds.
    enum Content: Equatable, Sendable {
        /// `[TEXT]`: the text between the brackets, trimmed.
        case section(String)
        /// A line starting with `[` that does not end with `]`.
        case malformedSection(String)
        /// `KEY=VALUE`, both trimmed; the key may be empty (`=value`).
        case assignment(key: String, value: String)
        /// A line that is neither a header nor an assignment.
        case noEquals(String)
    }

    /// The 1-based line the logical line starts on.
    var line: Int
    /// What the line holds.
    var content: Content
}
