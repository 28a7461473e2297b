/// The figures at one engine instant: what `/api/v1/snapshot`, `replay` and the renderers show.
public struct Snapshot: Sendable, Equatable {
    /// The engine clock.
    public var at: Instant
    /// Every configured channel, in configuration order.
    public var channels: [ChannelFigures]
    public var events: EventTotals

    public init(at: Instant, channels: [ChannelFigures], events: EventTotals) {
        self.at = at
        self.channels = channels
        self.events = events
    }
}
