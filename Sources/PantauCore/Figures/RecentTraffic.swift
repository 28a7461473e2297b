/// What the forecasts need beyond the windows for one channel: the creation instants of the last
/// 15 minutes (kept exactly, like the windows' entries) and the ticket answered last.
struct RecentTraffic {
    private var created: [Int64] = []
    private var head = 0
    /// When the ticket answered last got its first response, and its wall time since `created`.
    private(set) var lastAnswerAt: Instant?
    private(set) var lastAnswerWait: TimeSpan?

    init() {}

    /// Records a ticket created at `instant` (≤ clock).
    mutating func recordCreated(at instant: Instant, clock: Instant) {
        prune(clock: clock)
        if instant >= clock - ChannelForecast.rateWindow { created.append(instant.nanoseconds) }
    }

    /// Records a first response at `instant` to a ticket that waited `wait` since `created`; the
    /// latest instant wins (a tie: the one recorded last).
    mutating func recordAnswer(wait: TimeSpan, at instant: Instant) {
        if let last = lastAnswerAt, instant < last { return }
        lastAnswerAt = instant
        lastAnswerWait = wait
    }

    /// Tickets created in `[clock − 15 min, clock]`.
    func createdCount(clock: Instant) -> Int {
        let start = (clock - ChannelForecast.rateWindow).nanoseconds
        let end = clock.nanoseconds
        var n = 0
        for t in created[head...] where t >= start && t <= end { n += 1 }
        return n
    }

    /// Drops instants older than the window from the front (late ones further back wait their turn).
    private mutating func prune(clock: Instant) {
        let cutoff = (clock - ChannelForecast.rateWindow).nanoseconds
        while head < created.count, created[head] < cutoff { head += 1 }
        if head > 1024, head * 2 > created.count {
            created.removeFirst(head)
            head = 0
        }
    }

    /// Bytes `encode(into:)` writes.
    var encodedSize: Int { 4 + (created.count - head) * 8 + 1 + 16 }

    /// Writes the instants not pruned yet and the last answer (checkpoints).
    func encode(into w: inout StateWriter) {
        w.write(UInt32(truncatingIfNeeded: created.count - head))
        for t in created[head...] { w.write(t) }
        if let at = lastAnswerAt, let wait = lastAnswerWait {
            w.write(true)
            w.write(at.nanoseconds)
            w.write(wait.nanoseconds)
        } else {
            w.write(false)
        }
    }

    /// Reads what `encode(into:)` wrote.
    init(decoding r: inout StateReader) throws {
        let count = try r.readCount("recent creation count", elementSize: 8)
        created.reserveCapacity(count)
        for _ in 0..<count { created.append(try r.read("recent creation instant")) }
        if try r.readBool("last answer present") {
            lastAnswerAt = Instant(nanoseconds: try r.read("last answer instant"))
            lastAnswerWait = TimeSpan(nanoseconds: try r.read("last answer wait", as: Int64.self, in: 0...Int64.max))
        }
    }
}
