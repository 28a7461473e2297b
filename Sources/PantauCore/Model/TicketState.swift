/// The states of a live ticket that gauges count (SPEC §3.1). Closed and abandoned tickets are
/// retired and counted by no gauge.
public enum TicketState: UInt8, CaseIterable, Sendable, Hashable {
    case waiting = 0, open, pending, resolved

    /// The name used in JSON keys and the `state` label.
    public var name: String {
        switch self {
        case .waiting: "waiting"
        case .open: "open"
        case .pending: "pending"
        case .resolved: "resolved"
        }
    }
}
