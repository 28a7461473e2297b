/// The one final outcome of an SLA cycle (SPEC §3.2).
public enum Outcome: UInt8, CaseIterable, Sendable, Hashable {
    case met = 0, breached, abandoned, shortAbandoned, cancelled

    /// The name used in JSON keys and the `outcome` label.
    public var name: String {
        switch self {
        case .met: "met"
        case .breached: "breached"
        case .abandoned: "abandoned"
        case .shortAbandoned: "short_abandoned"
        case .cancelled: "cancelled"
        }
    }
}
