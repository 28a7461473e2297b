/// Keeps what the `15m`, `1h` and `today` windows need for one channel: first-response outcomes
/// with their decision instants and the consumed times of first responses with their fulfilment
/// instants. The last hour is kept exactly (nearest-rank percentiles); `today` keeps counts, an
/// integer sum and a sketch, so memory does not grow with the day's traffic.
struct FirstResponseWindows {
    private struct Decision { var instant: Int64; var outcome: Outcome }
    private struct Answer { var instant: Int64; var consumed: Int64 }

    private var decisions: [Decision] = []
    private var decisionsHead = 0
    private var answers: [Answer] = []
    private var answersHead = 0

    private var todayStart: Instant = .distantFuture
    private var todayEnd: Instant = .distantPast
    private var todayOutcomes: [Int] = Array(repeating: 0, count: Outcome.allCases.count)
    private var todaySum: Int128 = 0
    private var todaySketch = QuantileSketch()

    static let hour = TimeSpan.hours(1)
    static let quarter = TimeSpan.minutes(15)

    /// Moves `today` to the local day of `clock` when the clock has left the current one.
    mutating func roll(to clock: Instant, zone: ZoneConverter) {
        guard clock >= todayEnd || clock < todayStart else { return }
        let start = zone.startOfDay(containing: clock)
        if start != todayStart {
            todayOutcomes = Array(repeating: 0, count: Outcome.allCases.count)
            todaySum = 0
            todaySketch = QuantileSketch()
        }
        todayStart = start
        todayEnd = zone.startOfDay(containing: start + .hours(26))
    }

    /// Records a first-response outcome decided at `instant` (≤ clock).
    mutating func recordDecision(_ outcome: Outcome, at instant: Instant, clock: Instant) {
        guard outcome != .cancelled else { return }
        prune(clock: clock)
        if instant >= clock - FirstResponseWindows.hour {
            decisions.append(Decision(instant: instant.nanoseconds, outcome: outcome))
        }
        if instant >= todayStart { todayOutcomes[Int(outcome.rawValue)] += 1 }
    }

    /// Records a first response fulfilled at `instant` with `consumed` time (ASA, percentiles).
    mutating func recordAnswer(consumed: TimeSpan, at instant: Instant, clock: Instant) {
        prune(clock: clock)
        if instant >= clock - FirstResponseWindows.hour {
            answers.append(Answer(instant: instant.nanoseconds, consumed: consumed.nanoseconds))
        }
        if instant >= todayStart {
            todaySum += Int128(consumed.nanoseconds)
            todaySketch.add(seconds: consumed.secondsValue)
        }
    }

    /// Drops entries older than an hour from the front (late entries further back wait their turn).
    private mutating func prune(clock: Instant) {
        let cutoff = (clock - FirstResponseWindows.hour).nanoseconds
        while decisionsHead < decisions.count, decisions[decisionsHead].instant < cutoff { decisionsHead += 1 }
        while answersHead < answers.count, answers[answersHead].instant < cutoff { answersHead += 1 }
        if decisionsHead > 1024, decisionsHead * 2 > decisions.count {
            decisions.removeFirst(decisionsHead)
            decisionsHead = 0
        }
        if answersHead > 1024, answersHead * 2 > answers.count {
            answers.removeFirst(answersHead)
            answersHead = 0
        }
    }

    /// The three windows at `clock`, each `[start, clock]`.
    func figures(clock: Instant, formula: ServiceLevelFormula) -> [WindowFigures] {
        WindowName.allCases.map { window in
            var w = WindowFigures()
            var counts = Array(repeating: 0, count: Outcome.allCases.count)
            if window == .today {
                counts = todayOutcomes
                let n = Int(todaySketch.count)
                if n > 0 && clock >= todayStart && clock < todayEnd {
                    w.answered = n
                    w.asaSeconds = Double(todaySum) / Double(n) / 1e9
                    w.p50Seconds = todaySketch.quantile(0.5)
                    w.p90Seconds = todaySketch.quantile(0.9)
                }
                if !(clock >= todayStart && clock < todayEnd) { counts = Array(repeating: 0, count: counts.count) }
            } else {
                let start = (clock - (window == .hour ? FirstResponseWindows.hour : FirstResponseWindows.quarter)).nanoseconds
                let end = clock.nanoseconds
                for d in decisions[decisionsHead...] where d.instant >= start && d.instant <= end {
                    counts[Int(d.outcome.rawValue)] += 1
                }
                var consumed: [Int64] = []
                var sum: Int128 = 0
                for a in answers[answersHead...] where a.instant >= start && a.instant <= end {
                    consumed.append(a.consumed)
                    sum += Int128(a.consumed)
                }
                w.answered = consumed.count
                if !consumed.isEmpty {
                    consumed.sort()
                    w.asaSeconds = Double(sum) / Double(consumed.count) / 1e9
                    w.p50Seconds = Double(FirstResponseWindows.nearestRank(consumed, 0.5)) / 1e9
                    w.p90Seconds = Double(FirstResponseWindows.nearestRank(consumed, 0.9)) / 1e9
                }
            }
            w.met = counts[Int(Outcome.met.rawValue)]
            w.breached = counts[Int(Outcome.breached.rawValue)]
            w.abandoned = counts[Int(Outcome.abandoned.rawValue)]
            w.shortAbandoned = counts[Int(Outcome.shortAbandoned.rawValue)]
            w.serviceLevel = formula.value(met: w.met, breached: w.breached, abandoned: w.abandoned)
            return w
        }
    }

    init() {}

    /// Writes the last hour's entries not pruned yet (in their order) and the `today` figures
    /// (checkpoints). Pruned entries are never read again, so they are left out.
    func encode(into w: inout StateWriter) {
        w.reserve(encodedSizeEstimate)
        w.write(UInt32(truncatingIfNeeded: decisions.count - decisionsHead))
        for d in decisions[decisionsHead...] {
            w.write(d.instant)
            w.write(d.outcome.rawValue)
        }
        w.write(UInt32(truncatingIfNeeded: answers.count - answersHead))
        for a in answers[answersHead...] {
            w.write(a.instant)
            w.write(a.consumed)
        }
        w.write(todayStart.nanoseconds)
        w.write(todayEnd.nanoseconds)
        for n in todayOutcomes { w.write(Int64(n)) }
        w.write(todaySum)
        todaySketch.encode(into: &w)
    }

    /// Bytes `encode(into:)` writes, give or take the sketch's buckets.
    var encodedSizeEstimate: Int { (decisions.count - decisionsHead) * 9 + (answers.count - answersHead) * 16 + 1024 }

    /// Reads what `encode(into:)` wrote.
    init(decoding r: inout StateReader) throws {
        let decisionCount = try r.readCount("window decision count", elementSize: 9)
        decisions.reserveCapacity(decisionCount)
        for _ in 0..<decisionCount {
            let instant: Int64 = try r.read("window decision instant")
            let outcome = Outcome(rawValue: try r.read("window decision outcome", as: UInt8.self, in: 0...Outcome.shortAbandoned.rawValue))!
            decisions.append(Decision(instant: instant, outcome: outcome))
        }
        let answerCount = try r.readCount("window answer count", elementSize: 16)
        answers.reserveCapacity(answerCount)
        for _ in 0..<answerCount {
            answers.append(Answer(instant: try r.read("window answer instant"), consumed: try r.read("window answer consumed")))
        }
        todayStart = Instant(nanoseconds: try r.read("today start"))
        todayEnd = Instant(nanoseconds: try r.read("today end"))
        for i in todayOutcomes.indices { todayOutcomes[i] = Int(try r.read("today outcome count", as: Int64.self, in: 0...(1 << 62))) }
        todaySum = try r.read("today consumed sum", in: -(Int128(1) << 100)...(Int128(1) << 100))
        todaySketch = try QuantileSketch(decoding: &r)
    }

    /// The value of rank ⌈q·n⌉ in a sorted array.
    static func nearestRank(_ sorted: [Int64], _ q: Double) -> Int64 {
        let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}
