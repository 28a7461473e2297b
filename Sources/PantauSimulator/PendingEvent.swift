import PantauCore

/// One generated event waiting in the simulator's heap until the arrival clock passes it.
/// Kept small (40 bytes): the heap holds every remaining event of every open ticket.
struct PendingEvent: HeapOrdered, Sendable {
    /// Event time, milliseconds since the epoch.
    var time: Int64
    /// Push order; breaks ties between equal times so output is deterministic.
    var sequence: Int64
    /// The ticket number (`t<number>`).
    var ticket: Int64
    /// The event's number within its ticket (`e<ticket>-<index>`), from 1.
    var index: Int32
    /// Agent number (`agNNN`) on `assigned` and `agent_reply`, else 0.
    var agent: Int32
    var type: EventType
    /// The ticket's current channel once this event is applied (the target on `transferred`).
    var channel: UInt8
    /// The priority on `created` and `priority_changed`.
    var priority: Priority
    /// Whether this is the ticket's last event (the ticket is no longer open once it is emitted).
    var isLast: Bool

    /// Heap order: earlier time first, then push order.
    @inline(__always) static func precedes(_ a: PendingEvent, _ b: PendingEvent) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }
}
