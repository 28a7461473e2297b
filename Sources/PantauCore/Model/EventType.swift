/// The twelve event types of SPEC §2.
public enum EventType: UInt8, CaseIterable, Sendable, Hashable {
    case created = 0, assigned, agentReply, customerReply, pending, open, resolved, reopened, closed,
        abandoned, transferred, priorityChanged

    /// The wire name (`agent_reply`, …).
    public var name: String {
        switch self {
        case .created: "created"
        case .assigned: "assigned"
        case .agentReply: "agent_reply"
        case .customerReply: "customer_reply"
        case .pending: "pending"
        case .open: "open"
        case .resolved: "resolved"
        case .reopened: "reopened"
        case .closed: "closed"
        case .abandoned: "abandoned"
        case .transferred: "transferred"
        case .priorityChanged: "priority_changed"
        }
    }

    /// Whether the event must carry `channel` (SPEC §2).
    @inline(__always) public var requiresChannel: Bool { self == .created || self == .transferred }
    /// Whether the event reads `priority`.
    @inline(__always) public var usesPriority: Bool { self == .created || self == .priorityChanged }
    /// Whether the event reads `agent`.
    @inline(__always) public var usesAgent: Bool { self == .assigned || self == .agentReply }

    /// The type with that wire name, if any.
    public init?(name: some StringProtocol) {
        guard let match = EventType.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
