/// A `breach` or `warning` the engine decided, for the shell to push (SSE) and log.
public struct SLANotification: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case breach, warning }

    public var kind: Kind
    /// The instant it was decided: the deadline (breach) or the warning instant.
    public var at: Instant
    public var ticket: String
    /// The channel the cycle started in.
    public var channel: String
    public var sla: SLAKind
    public var priority: Priority
    /// The cycle's deadline (for a warning, the one it warns of).
    public var deadline: Instant
}
