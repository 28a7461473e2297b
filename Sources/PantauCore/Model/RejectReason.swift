/// Why a line was not applied (SPEC §2), in the order the checks run.
public enum RejectReason: UInt8, CaseIterable, Sendable, Hashable, Comparable {
    case lineTooLong = 0, invalidUTF8, invalidJSON, missingField, invalidField, unknownType, unknownChannel,
        unknownPriority, unknownTicket, ticketExists, ticketClosed, futureTimestamp

    /// The reason name used in logs, JSON and the `reason` label.
    public var name: String {
        switch self {
        case .lineTooLong: "line_too_long"
        case .invalidUTF8: "invalid_utf8"
        case .invalidJSON: "invalid_json"
        case .missingField: "missing_field"
        case .invalidField: "invalid_field"
        case .unknownType: "unknown_type"
        case .unknownChannel: "unknown_channel"
        case .unknownPriority: "unknown_priority"
        case .unknownTicket: "unknown_ticket"
        case .ticketExists: "ticket_exists"
        case .ticketClosed: "ticket_closed"
        case .futureTimestamp: "future_timestamp"
        }
    }

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool { lhs.rawValue < rhs.rawValue }
}
