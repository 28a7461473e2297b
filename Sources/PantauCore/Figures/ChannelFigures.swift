/// Everything a wallboard or a scrape shows for one channel at the engine clock.
public struct ChannelFigures: Sendable, Equatable {
    public var name: String
    public var serviceLevelFormula: ServiceLevelFormula
    /// Live tickets by state, indexed by `TicketState.rawValue`.
    public var tickets: [Int] = Array(repeating: 0, count: TicketState.allCases.count)
    /// Waiting tickets with no agent.
    public var unassigned = 0
    /// Wall time since `created` of the longest-waiting `waiting` ticket; zero if none.
    public var oldestWaiting: TimeSpan = .zero
    /// Ticket counters, indexed by `TicketCounter.rawValue`.
    public var counters: [Int] = Array(repeating: 0, count: TicketCounter.allCases.count)
    /// Indexed by `SLAKind.rawValue`.
    public var sla: [SLAFigures] = Array(repeating: SLAFigures(), count: SLAKind.allCases.count)
    /// Indexed by `WindowName.rawValue`.
    public var windows: [WindowFigures] = Array(repeating: WindowFigures(), count: WindowName.allCases.count)
    /// Consumed time of fulfilled first-response cycles.
    public var firstResponseSeconds = Histogram()
    /// Consumed time of fulfilled resolution cycles.
    public var resolutionSeconds = Histogram()
    /// Target, breaching soon, waits, rates and staffing.
    public var forecast = ChannelForecast()

    public init(name: String, serviceLevelFormula: ServiceLevelFormula) {
        self.name = name
        self.serviceLevelFormula = serviceLevelFormula
    }

    /// Queue depth: the waiting tickets.
    public var queueDepth: Int { tickets[Int(TicketState.waiting.rawValue)] }
}
