/// `LogNotifications=`: which SLA notifications the daemon logs, one record each (with
/// `MESSAGE_ID=` and `TICKET=`, `CHANNEL=`, `SLA=` fields in the journal).
public enum NotificationLogging: UInt8, CaseIterable, Sendable, Hashable {
    /// Breaches, at notice level (the default).
    case breaches
    /// Breaches and warnings (warnings at info level).
    case all
    /// Neither (debug level still shows both).
    case none

    /// The configuration name.
    public var name: String {
        switch self {
        case .breaches: "breaches"
        case .all: "all"
        case .none: "none"
        }
    }
}
