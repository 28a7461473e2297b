/// A staffing level and what Erlang C predicts for it.
public struct ErlangStaffing: Sendable, Equatable {
    public var agents: Int
    /// The probability that a contact waits at all (Erlang C).
    public var waitProbability: Double
    /// The predicted share answered within the threshold.
    public var serviceLevel: Double
    /// The predicted mean wait over all contacts, seconds.
    public var averageWait: Double

    public init(agents: Int, waitProbability: Double, serviceLevel: Double, averageWait: Double) {
        self.agents = agents
        self.waitProbability = waitProbability
        self.serviceLevel = serviceLevel
        self.averageWait = averageWait
    }
}
