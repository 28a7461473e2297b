import PantauCore

/// Where a line the simulator wrote belongs: its time, the ticket and the ticket's current channel.
///
/// A spool writer that keeps one file per channel appends the line to `channel`'s file. Lines
/// come in non-decreasing `timestamp` order, so every per-channel file is in time order too.
public struct SimulatedLine: Sendable, Equatable {
    /// The event time (for a malformed line: the time of the real event it accompanies).
    public var timestamp: Instant
    /// The ticket's current channel once the event is applied (the target on `transferred`).
    public var channel: String
    /// `channel`'s index in `TrafficProfile.channels`.
    public var channelIndex: Int
    /// The ticket number; the ticket id is `t<ticketNumber>`.
    public var ticketNumber: Int64
    /// Real event, duplicate, or malformed.
    public var kind: SimulatedLineKind

    public init(timestamp: Instant, channel: String, channelIndex: Int, ticketNumber: Int64, kind: SimulatedLineKind) {
        self.timestamp = timestamp
        self.channel = channel
        self.channelIndex = channelIndex
        self.ticketNumber = ticketNumber
        self.kind = kind
    }

    /// The ticket id, `t<ticketNumber>`.
    public var ticket: String { "t\(ticketNumber)" }
}
