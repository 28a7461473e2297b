/// The staffing figures of a channel with `HandleTime=`, a first-response target and
/// `ServiceLevelTarget=`: the load of the last 15 minutes and the agents Erlang C says it needs.
public struct Staffing: Sendable, Equatable {
    /// `HandleTime=`, seconds.
    public var handleTimeSeconds: Double
    /// The first-response target (normal priority), seconds: the service level's threshold.
    public var thresholdSeconds: Double
    /// Tickets created per second over the last 15 minutes × the handle time.
    public var offeredLoad: Double
    /// The fewest agents that meet the target at that load, with Erlang C's predictions for them;
    /// nil when no staffing within reach meets it (see `ErlangC.agentsNeeded`).
    public var needed: ErlangStaffing?

    public init(handleTimeSeconds: Double, thresholdSeconds: Double, offeredLoad: Double, needed: ErlangStaffing?) {
        self.handleTimeSeconds = handleTimeSeconds
        self.thresholdSeconds = thresholdSeconds
        self.offeredLoad = offeredLoad
        self.needed = needed
    }
}
