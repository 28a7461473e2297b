/// A ticket's priority (SPEC §2). Selects the `[Channel NAME/PRIORITY]` targets for new cycles.
public enum Priority: UInt8, CaseIterable, Sendable, Hashable {
    case low = 0, normal, high, urgent

    /// The wire and configuration name.
    public var name: String {
        switch self {
        case .low: "low"
        case .normal: "normal"
        case .high: "high"
        case .urgent: "urgent"
        }
    }

    /// The priority with that wire name, if any.
    public init?(name: some StringProtocol) {
        switch name {
        case "low": self = .low
        case "normal": self = .normal
        case "high": self = .high
        case "urgent": self = .urgent
        default: return nil
        }
    }
}
