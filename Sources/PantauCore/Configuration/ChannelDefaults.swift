/// The per-channel keys that may also be set in `[Daemon]` as defaults for every channel.
public struct ChannelDefaults: Sendable, Equatable {
    /// `WarnAt=`: the fraction of the budget consumed at which a cycle is at risk (0…1).
    public var warnAt: Double = 0.8
    /// `WarnBefore=`: wall time before the deadline at which a cycle is at risk; nil = unset.
    public var warnBefore: TimeSpan? = nil
    /// `ShortAbandon=`: an abandon at most this long after `created` is a short abandon.
    public var shortAbandon: TimeSpan = .zero
    /// `OnReopen=`.
    public var onReopen: ReopenMode = .continue
    /// `ServiceLevel=`.
    public var serviceLevel: ServiceLevelFormula = .offered
    /// `ServiceLevelTarget=`: the share of first responses within target the channel aims at
    /// (0…1); nil = none.
    public var serviceLevelTarget: Double? = nil

    public init() {}
}
