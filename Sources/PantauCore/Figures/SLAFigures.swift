/// Figures of one SLA kind in one channel (SPEC §3.5).
public struct SLAFigures: Sendable, Equatable {
    /// Outcome counters since the state's origin, indexed by `Outcome.rawValue`.
    public var outcomes: [Int] = Array(repeating: 0, count: Outcome.allCases.count)
    /// Undecided cycles, paused included.
    public var running = 0
    public var paused = 0
    public var atRisk = 0
    /// Breached, not yet fulfilled, ticket still live.
    public var breachedOpen = 0

    public init() {}

    public subscript(outcome: Outcome) -> Int {
        get { outcomes[Int(outcome.rawValue)] }
        set { outcomes[Int(outcome.rawValue)] = newValue }
    }
}
