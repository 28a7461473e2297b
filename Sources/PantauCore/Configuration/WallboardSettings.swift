/// `[Wallboard]`: how the page at `/` turns figures into green, amber and red, relative to each
/// channel's own targets (docs/wallboard.md).
public struct WallboardSettings: Sendable, Equatable {
    /// `AmberBand=`: a service level at most this far below its target is amber, further is red
    /// (a fraction: 0.05 = five points).
    public var amberBand: Double = 0.05
    /// `WaitAmber=`: the longest wait turns amber at this share of the first-response target (red
    /// at the target itself).
    public var waitAmber: Double = 0.5
    /// `BreachingSoonRed=`: this many cycles breaching within 15 minutes make a tile red (one or
    /// more: amber).
    public var breachingSoonRed: Int = 5
    /// `Hold=`: how long a new state must persist before a tile shows it (no flicker).
    public var hold: TimeSpan = .seconds(5)
    /// `TickerLength=`: breaches the ticker keeps, newest first.
    public var tickerLength: Int = 8
    /// `Servers=`: the origins of the instances on the same spool (an HA pair), in order; the page
    /// fails over between them, and each lets the others' pages read it (CORS). Empty: the page
    /// talks to the server it came from only.
    public var servers: [String] = []

    public init() {}
}
