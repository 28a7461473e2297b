/// One validated ticket event whose ticket id is borrowed, not owned: the bytes stay where the
/// parser found them (in the line, or in the parser's scratch space when the id held escapes).
///
/// This is how the replay hot path hands events to the engine: the engine needs the ticket id as
/// a `String` only when it creates the ticket, so the parser never builds one for the other
/// events. A view is valid only inside the closure it is passed to (`EventParser.parse(_:_:)`),
/// or while the bytes it was made from (`Event.withView(_:)`) are alive.
public struct EventView {
    /// `StableHash` of the id's UTF-8 bytes.
    public var idHash: UInt64
    /// The event time from `ts`.
    public var timestamp: Instant
    /// The ticket id's UTF-8 bytes (1–128), borrowed.
    public var ticket: UnsafeBufferPointer<UInt8>
    /// `StableHash` of the ticket id.
    public var ticketHash: UInt64
    /// The event type.
    public var type: EventType
    /// Index of the channel in the engine's configuration; set on `created` and `transferred`.
    public var channel: Int?
    /// `priority` on `created` and `priority_changed`; nil = absent (`normal`).
    public var priority: Priority?
    /// Whether `agent` was given on `assigned` and `agent_reply`.
    public var hasAgent: Bool

    /// A view of the given fields; `ticket` must outlive every use of the view.
    public init(idHash: UInt64, timestamp: Instant, ticket: UnsafeBufferPointer<UInt8>, ticketHash: UInt64, type: EventType,
                channel: Int?, priority: Priority?, hasAgent: Bool) {
        self.idHash = idHash
        self.timestamp = timestamp
        self.ticket = ticket
        self.ticketHash = ticketHash
        self.type = type
        self.channel = channel
        self.priority = priority
        self.hasAgent = hasAgent
    }
}
