/// The per-channel ticket counters of SPEC §3.5.
public enum TicketCounter: Int, CaseIterable, Sendable {
    case created = 0, abandoned, shortAbandoned, resolved, reopened, closed

    /// The JSON key and the middle of the metric name (`pantau_tickets_<name>_total`).
    public var name: String {
        switch self {
        case .created: "created"
        case .abandoned: "abandoned"
        case .shortAbandoned: "short_abandoned"
        case .resolved: "resolved"
        case .reopened: "reopened"
        case .closed: "closed"
        }
    }
}
