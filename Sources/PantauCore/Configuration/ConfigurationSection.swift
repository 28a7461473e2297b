/// A parsed section header.
enum ConfigurationSection: Equatable, Sendable {
    /// `[Daemon]`.
    case daemon
    /// `[Calendar NAME]`.
    case calendar(String)
    /// `[Channel NAME]`.
    case channel(String)
    /// `[Channel NAME/PRIORITY]`.
    case channelPriority(String, Priority)
    /// `[Wallboard]`.
    case wallboard

    /// The section types, for "did you mean".
    static let types = ["Daemon", "Calendar", "Channel", "Wallboard"]

    /// How the section is written in messages: `[Channel chat/urgent]`.
    var label: String {
        switch self {
        case .daemon: "[Daemon]"
        case .calendar(let name): "[Calendar \(name)]"
        case .channel(let name): "[Channel \(name)]"
        case .channelPriority(let name, let priority): "[Channel \(name)/\(priority.name)]"
        case .wallboard: "[Wallboard]"
        }
    }

    /// Parses the text between the brackets (already trimmed).
    static func parse(_ header: String) throws(ConfigurationValueError) -> ConfigurationSection {
        guard !header.isEmpty else {
            throw ConfigurationValueError("empty section header []; expected [Daemon], [Calendar NAME] or [Channel NAME]")
        }
        let type: String
        let name: String
        if let space = header.firstIndex(where: IniLexer.isSpace) {
            type = String(header[..<space])
            name = String(IniLexer.trim(header[space...]))
        } else {
            type = header
            name = ""
        }
        switch type {
        case "Daemon":
            guard name.isEmpty else { throw ConfigurationValueError("section [Daemon] takes no name, found [\(header)]") }
            return .daemon
        case "Wallboard":
            guard name.isEmpty else { throw ConfigurationValueError("section [Wallboard] takes no name, found [\(header)]") }
            return .wallboard
        case "Calendar":
            guard !name.isEmpty else { throw ConfigurationValueError("section [Calendar] needs a name: [Calendar NAME]") }
            return .calendar(try ConfigurationName.validated(name, kind: "calendar"))
        case "Channel":
            guard !name.isEmpty else { throw ConfigurationValueError("section [Channel] needs a name: [Channel NAME]") }
            guard let slash = name.lastIndex(of: "/") else {
                return .channel(try ConfigurationName.validated(name, kind: "channel"))
            }
            let base = try ConfigurationName.validated(String(name[..<slash]), kind: "channel")
            let priorityName = name[name.index(after: slash)...]
            guard let priority = Priority(name: priorityName) else {
                throw ConfigurationValueError(
                    "unknown priority \"\(priorityName)\" in [\(header)]; expected low, normal, high or urgent")
            }
            return .channelPriority(base, priority)
        default:
            var message = "unknown section [\(header)]; expected [Daemon], [Calendar NAME] or [Channel NAME]"
            if let suggestion = KeySuggester.suggestion(for: type, among: types) {
                let suggested = name.isEmpty ? suggestion : "\(suggestion) \(name)"
                message = "unknown section [\(header)]; did you mean [\(suggested)]?"
            }
            throw ConfigurationValueError(message)
        }
    }
}
