/// First-response figures over one window (`15m`, `1h`, `today`), SPEC §3.5.
public struct WindowFigures: Sendable, Equatable {
    public var met = 0
    public var breached = 0
    public var abandoned = 0
    public var shortAbandoned = 0
    /// First responses fulfilled in the window (the sample of the ASA and percentiles).
    public var answered = 0
    /// Per the channel's `ServiceLevel=`; nil when the denominator is empty.
    public var serviceLevel: Double?
    /// Mean consumed time of first responses fulfilled in the window (ASA), seconds.
    public var asaSeconds: Double?
    public var p50Seconds: Double?
    public var p90Seconds: Double?

    public init() {}
}
