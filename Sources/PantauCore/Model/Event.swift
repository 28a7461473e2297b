/// One validated ticket event (SPEC §2), as the parser hands it to the engine.
///
/// The engine needs an event id only to recognise repeats, so the event carries the id's stable
/// 64-bit hash, not the id: the parser hashes the bytes in place and never builds a `String` for it.
/// Likewise the agent is never a label or a key, so only its presence is kept.
public struct Event: Sendable, Equatable {
    /// `StableHash` of the id's UTF-8 bytes (1–128 bytes on the wire).
    public var idHash: UInt64
    /// The event time from `ts`.
    public var timestamp: Instant
    /// The ticket id (1–128 bytes).
    public var ticket: String
    /// `StableHash` of the ticket id (the engine's index key hash).
    public var ticketHash: UInt64
    /// The event type.
    public var type: EventType
    /// Index of the channel in the engine's configuration; set on `created` and `transferred`.
    public var channel: Int?
    /// `priority` on `created` and `priority_changed`; nil = absent (`normal`).
    public var priority: Priority?
    /// Whether `agent` was given on `assigned` and `agent_reply`.
    public var hasAgent: Bool

    /// An event from its fields (tests, tools); hashes `id`.
    public init(id: String, timestamp: Instant, ticket: String, type: EventType, channel: Int? = nil,
                priority: Priority? = nil, agent: String? = nil) {
        self.init(idHash: StableHash.hash(id), timestamp: timestamp, ticket: ticket, ticketHash: StableHash.hash(ticket),
                  type: type, channel: channel, priority: priority, hasAgent: agent != nil)
    }

    /// An event with the id already hashed (the parser).
    public init(idHash: UInt64, timestamp: Instant, ticket: String, ticketHash: UInt64, type: EventType, channel: Int?,
                priority: Priority?, hasAgent: Bool) {
        self.idHash = idHash
        self.timestamp = timestamp
        self.ticket = ticket
        self.ticketHash = ticketHash
        self.type = type
        self.channel = channel
        self.priority = priority
        self.hasAgent = hasAgent
    }

    /// An event that owns a copy of `view`'s ticket id.
    public init(_ view: EventView) {
        self.init(idHash: view.idHash, timestamp: view.timestamp, ticket: String(decoding: view.ticket, as: UTF8.self),
                  ticketHash: view.ticketHash, type: view.type, channel: view.channel, priority: view.priority,
                  hasAgent: view.hasAgent)
    }

    /// Calls `body` with a view of this event whose ticket id points into a copy of `ticket`.
    public func withView<R>(_ body: (EventView) throws -> R) rethrows -> R {
        var id = ticket
        return try id.withUTF8 { bytes in
            try body(EventView(idHash: idHash, timestamp: timestamp, ticket: bytes, ticketHash: ticketHash, type: type,
                               channel: channel, priority: priority, hasAgent: hasAgent))
        }
    }
}
