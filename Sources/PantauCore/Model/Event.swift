/// One validated ticket event (SPEC §2), as the parser hands it to the engine.
public struct Event: Sendable, Equatable {
    /// The producer's event id (1–128 bytes); a repeat on the same ticket is a duplicate.
    public var id: String
    /// The event time from `ts`.
    public var timestamp: Instant
    /// The ticket id (1–128 bytes).
    public var ticket: String
    /// The event type.
    public var type: EventType
    /// Index of the channel in the engine's configuration; set on `created` and `transferred`.
    public var channel: Int?
    /// `priority` on `created` and `priority_changed`; nil = absent (`normal`).
    public var priority: Priority?
    /// `agent` on `assigned` and `agent_reply`; never a metric label.
    public var agent: String?

    public init(id: String, timestamp: Instant, ticket: String, type: EventType, channel: Int? = nil,
                priority: Priority? = nil, agent: String? = nil) {
        self.id = id
        self.timestamp = timestamp
        self.ticket = ticket
        self.type = type
        self.channel = channel
        self.priority = priority
        self.agent = agent
    }
}
