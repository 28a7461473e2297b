/// Ticket arrivals: a Poisson process whose rate follows the profile's day (local hours,
/// weekends lower), drawn by thinning a constant-rate process at the peak rate.
///
/// The rate is normalised so that a whole week averages `ticketsPerHour`.
struct ArrivalProcess: Sendable {
    private let clock: LocalClock
    private let startMs: Int64
    /// Candidate arrivals per millisecond (the peak rate).
    private let peakRatePerMs: Double
    /// Acceptance probability per local weekday (0 Monday) × 24 + hour: rate ÷ peak rate.
    private let acceptance: [Double]
    /// Milliseconds since `startMs` of the last candidate, kept fractional so rounding never drifts.
    private var offsetMs: Double = 0

    init(start: Int64, ticketsPerHour: Double, profile: TrafficProfile) {
        precondition(ticketsPerHour > 0 && ticketsPerHour.isFinite, "ticketsPerHour must be positive")
        clock = LocalClock(profile: profile)
        startMs = start
        let dayFactors = [1, 1, 1, 1, 1, profile.saturdayFactor, profile.sundayFactor]
        var factors: [Double] = []
        for d in dayFactors { for w in profile.hourlyWeights { factors.append(w * d) } }
        let mean = factors.reduce(0, +) / Double(factors.count)
        let peak = factors.max()!
        acceptance = factors.map { $0 / peak }
        peakRatePerMs = ticketsPerHour / 3_600_000 * (peak / mean)
    }

    /// The next arrival, in milliseconds since the epoch (never earlier than the previous one).
    mutating func next(random: inout SimulatorRandom) -> Int64 {
        while true {
            offsetMs += random.exponential() / peakRatePerMs
            let t = startMs + Int64(offsetMs)
            let (day, ms) = clock.localDay(t)
            let slot = LocalClock.weekday(day) * 24 + Int(ms / LocalClock.hourMs)
            if random.unit() < acceptance[slot] { return t }
        }
    }
}
