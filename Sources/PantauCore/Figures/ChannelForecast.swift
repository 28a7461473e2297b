/// What a channel's clocks say about the next minutes: the target, the cycles that will breach if
/// nothing changes, how long contacts wait, the recent rates and the staffing they need.
public struct ChannelForecast: Sendable, Equatable {
    /// `ServiceLevelTarget=` as a fraction; nil = none.
    public var serviceLevelTarget: Double?
    /// The first-response target of normal priority (the service level's threshold); nil = none.
    public var firstResponseTarget: TimeSpan?
    /// Undecided, unpaused cycles whose deadline falls before the engine clock plus the horizon
    /// (they breach within it if no event arrives), indexed by `SLAKind.rawValue`, then
    /// `ForecastHorizon.rawValue`.
    public var breachingSoon: [[Int]] = Array(repeating: Array(repeating: 0, count: ForecastHorizon.allCases.count),
                                              count: SLAKind.allCases.count)
    /// The wall time from `created` to first response of the ticket answered last (the "last to
    /// enter service" estimate); nil before any answer.
    public var lastAnsweredWait: TimeSpan?
    /// When that ticket was answered.
    public var lastAnsweredAt: Instant?
    /// Tickets created in the channel over the last 15 minutes.
    public var createdRecently = 0
    /// First responses over the last 15 minutes.
    public var answeredRecently = 0
    /// Expected wait of a contact arriving now, seconds: (queue depth + 1) × 15 min ÷ first
    /// responses in the last 15 min; nil when there were none (no basis).
    public var expectedWaitSeconds: Double?
    /// nil unless the channel has `HandleTime=`, a first-response target and `ServiceLevelTarget=`.
    public var staffing: Staffing?

    /// The span the rates are taken over.
    public static let rateWindow = TimeSpan.minutes(15)

    public init() {}

    /// Tickets created per minute over the last 15 minutes.
    public var createdPerMinute: Double { Double(createdRecently) / 15 }
    /// First responses per minute over the last 15 minutes.
    public var firstResponsesPerMinute: Double { Double(answeredRecently) / 15 }

    /// Breaching soon for one kind and horizon.
    public subscript(kind: SLAKind, horizon: ForecastHorizon) -> Int {
        get { breachingSoon[Int(kind.rawValue)][horizon.rawValue] }
        set { breachingSoon[Int(kind.rawValue)][horizon.rawValue] = newValue }
    }
}
