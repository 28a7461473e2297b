/// Where a ticket is in its life: the four gauge states, then retired.
enum TicketPhase: UInt8 {
    case waiting = 0, open, pending, resolved, closed, abandoned

    /// The gauge state, nil once retired.
    var gaugeState: TicketState? { TicketState(rawValue: rawValue) }
    var isLive: Bool { rawValue <= TicketPhase.resolved.rawValue }
}
