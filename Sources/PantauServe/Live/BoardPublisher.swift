import PantauCore
import PantauSystem

/// The engine service's outward half, on the engine queue: publishes the figures to the
/// `LiveBoard` (when the engine changed, at most every board tick, and less often when a snapshot
/// is expensive: at most 10 % of the queue), pushes them as the SSE `metrics` event every
/// `PushInterval=` (fresh at the push, one hop to the HTTP loops), and numbers the breaches and
/// warnings it hands to the sink.
final class BoardPublisher {
    let board: LiveBoard
    let sink: any LiveSink
    private let clock: any Clock
    private let log: Logger
    /// A change takes effect at once: the next push is one new interval away.
    var pushInterval: TimeSpan {
        didSet { if pushInterval != oldValue { nextMetricsPush = 0 } }
    }
    /// `LogNotifications=`: which notifications get a log record of their own.
    var logging: NotificationLogging
    /// Whether the figures changed since the board was last published.
    var changed = true
    /// The sequence of pushed `breach`/`warning` events (SSE ids), kept across restarts.
    private(set) var pushSequence: UInt64 = 0
    private var version: UInt64 = 0
    private var lastPublish: Int64 = 0
    private var lastCost: Int64 = 0
    private var nextMetricsPush: Int64 = 0

    init(board: LiveBoard, sink: any LiveSink, pushInterval: TimeSpan, logging: NotificationLogging, clock: any Clock, log: Logger) {
        self.board = board
        self.logging = logging
        self.sink = sink
        self.pushInterval = pushInterval
        self.clock = clock
        self.log = log
    }

    /// Continues the numbering of a restored checkpoint.
    func restored(pushSequence: UInt64) {
        self.pushSequence = pushSequence
        sink.restored(pushSequence: pushSequence)
    }

    /// The board tick: publishes if due (`force`: now), then pushes `metrics` if its interval is up.
    /// `figures` builds what to publish, given its version.
    func tick(force: Bool = false, figures: (UInt64) -> LiveFigures) {
        let now = clock.monotonicNanoseconds()
        let interval = max(10_000_000, pushInterval.nanoseconds)
        // Saturating: `PushInterval=` may be centuries.
        func after(_ t: Int64) -> Int64 {
            let (sum, overflow) = t.addingReportingOverflow(interval)
            return overflow ? .max : sum
        }
        if nextMetricsPush == 0 { nextMetricsPush = after(now) }  // the first push one interval after start
        let pushDue = now >= nextMetricsPush
        publish(force: force || pushDue, figures: figures)
        guard pushDue else { return }
        nextMetricsPush = after(nextMetricsPush) < now ? after(now) : after(nextMetricsPush)
        sink.pushMetrics(board.read())
    }

    private func publish(force: Bool, figures: (UInt64) -> LiveFigures) {
        guard changed || force else { return }
        let started = clock.monotonicNanoseconds()
        guard force || started - lastPublish >= lastCost * 10 else { return }
        changed = false
        version += 1
        board.publish(figures(version))
        lastPublish = clock.monotonicNanoseconds()
        lastCost = lastPublish - started
    }

    /// Numbers breaches and warnings, logs them and hands them to the sink (SSE); empties `notifications`.
    func push(_ notifications: inout [SLANotification]) {
        guard !notifications.isEmpty else { return }
        var batch: [PushedNotification] = []
        batch.reserveCapacity(notifications.count)
        for n in notifications {
            pushSequence += 1
            batch.append(PushedNotification(sequence: pushSequence, notification: n))
            let breach = n.kind == .breach
            let level: Logger.Level = breach ? (logging == .none ? .debug : .notice) : (logging == .all ? .info : .debug)
            guard level >= log.minimum else { continue }  // a backlog decides breaches by the thousand
            log.log(level, breach ? "SLA breached" : "SLA at risk",
                    ["TICKET": n.ticket, "CHANNEL": n.channel, "SLA": n.sla.name, "TICKET_PRIORITY": n.priority.name,
                     "DEADLINE": RFC3339.format(n.deadline), "AT": RFC3339.format(n.at)],
                    kind: breach ? .breach : .warning)
        }
        notifications.removeAll(keepingCapacity: true)
        sink.push(batch)
    }
}
