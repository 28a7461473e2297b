/// Everything the engine keeps about one ticket (live, or retired and retained).
struct TicketRecord {
    var key: String
    /// `StableHash` of `key`.
    var keyHash: UInt64
    /// Stable 64-bit hashes of the ids applied to this ticket (duplicate detection).
    var ids: EventIDSet
    /// Effective time of `created`.
    var created: Instant
    /// Effective time of the ticket's last applied event.
    var lastEffective: Instant
    /// Consumed time of the ticket's finished resolution cycles (`OnReopen=continue`).
    var resolutionConsumed: TimeSpan
    /// Identifies the pending forget timer of a retired ticket.
    var forgetSeq: UInt64
    var firstResponse: Cycle?
    var nextResponse: Cycle?
    var resolution: Cycle?
    /// The current channel.
    var channel: UInt16
    var priority: Priority
    var phase: TicketPhase
    var hasAgent: Bool
    var firstResponded: Bool
    /// false for a free slot.
    var inUse: Bool

    subscript(kind: SLAKind) -> Cycle? {
        get {
            switch kind {
            case .firstResponse: firstResponse
            case .nextResponse: nextResponse
            case .resolution: resolution
            }
        }
        set {
            switch kind {
            case .firstResponse: firstResponse = newValue
            case .nextResponse: nextResponse = newValue
            case .resolution: resolution = newValue
            }
        }
    }

    static let free = TicketRecord(
        key: "", keyHash: 0, ids: EventIDSet(), created: .distantPast, lastEffective: .distantPast, resolutionConsumed: .zero,
        forgetSeq: 0, firstResponse: nil, nextResponse: nil, resolution: nil, channel: 0, priority: .normal,
        phase: .closed, hasAgent: false, firstResponded: false, inUse: false)
}
