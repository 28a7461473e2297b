/// The per-channel figures that accumulate with events (counters, histograms, windows), as
/// opposed to the gauges, which `SLAEngine.snapshot()` counts over the live tickets.
struct ChannelAccumulator {
    /// Indexed by `TicketCounter.rawValue`.
    var counters: [Int] = Array(repeating: 0, count: TicketCounter.allCases.count)
    /// Indexed by `kind * 5 + outcome`.
    var outcomes: [Int] = Array(repeating: 0, count: SLAKind.allCases.count * Outcome.allCases.count)
    /// Cycles started, indexed by `SLAKind.rawValue` (for invariants: outcomes + running = started).
    var started: [Int] = Array(repeating: 0, count: SLAKind.allCases.count)
    var firstResponseSeconds = Histogram()
    var resolutionSeconds = Histogram()
    var windows = FirstResponseWindows()
    var recent = RecentTraffic()
}
