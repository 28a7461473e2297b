import Dispatch
import Foundation
import Glibc
import PantauCore
import PantauSystem

/// The engine service: the SLA engine, the spool tailer, checkpoints and the board, on one serial
/// queue (`queue`) that inotify, the timers, a reload and the stop all run on. It restores the
/// checkpoint at start, reads the spool in batches (a tick, a checkpoint and a scrape stay timely
/// during a backlog), moves the engine clock with the wall clock once caught up (SPEC §3.3), and
/// writes the final checkpoint at stop.
///
/// `Drive.timers` is the daemon. `Drive.manual` is for tests: no timers and no inotify; the test
/// moves its `Clock` and calls `turn()`, so ticks, deadlines, reloads and resumes are exact.
package final class EngineService: Service, @unchecked Sendable {
    package enum Drive: Sendable { case timers, manual }

    package let name = "engine"
    let queue = DispatchQueue(label: "pantau.engine")
    let log: Logger
    let clock: any Clock
    let drive: Drive
    let clockMode: ClockMode
    /// This start's id (the BOOT of SSE ids), kept in the checkpoint.
    let bootID: String
    // Everything below is confined to `queue` (set up in `init`, before any source exists).
    private(set) var settings: ServeSettings
    var engine: SLAEngine
    let tailer: SpoolTailer
    let checkpointer: Checkpointer
    let publisher: BoardPublisher
    var notifications: [SLANotification] = []
    var rejectLog = RejectLogLimiter()
    /// The engine's "now" in live mode, robust to wall-clock steps (SPEC §3.3, `LiveClock`).
    var liveClock: LiveClock
    /// The last poll applied every complete line (for `pantau_spool_lag_seconds`).
    var drained = false
    private(set) var caughtUp = false
    var rescanNeeded = true
    private var pollScheduled = false
    var stopping = false
    /// Elapsed time at the last tick, to notice a pause (SIGSTOP, a VM freeze).
    var lastTickElapsed: Int64 = 0
    /// Seconds until the next full directory scan (the fallback when inotify misses something).
    var fullScanCountdown = 0
    var inotify: Inotify?
    var sources: [any DispatchSourceProtocol] = []
    /// The one-shot timer that wakes the wall clock just after the engine's next timer.
    var wake: (any DispatchSourceTimer)?
    var wakeAt = Int64.max
    var boardTimer: (any DispatchSourceTimer)?
    /// Held from start to stop: one process per `State=`.
    private var stateLock: StateLock?
    /// systemd (`READY=1`, `STATUS=`, `WATCHDOG=1`), or a recorder in tests.
    let notifier: any ServiceManagerNotifier
    /// Seconds until the next `STATUS=` summary once caught up.
    var statusCountdown = 0

    /// Lines applied per turn of the queue while catching up (keeps ticks and checkpoints timely).
    static let batchLines = 20_000
    /// Bytes read per turn of the queue (over-long lines skip within a budget of their own).
    static let batchBytes = 16 << 20
    /// A gap between ticks longer than this is a pause: the spool is read again before the clock moves.
    static let pauseNanoseconds: Int64 = 1_000_000_000
    /// Seconds between full directory scans while inotify works.
    static let fullScanSeconds = 10

    /// The board the HTTP side reads.
    var board: LiveBoard { publisher.board }

    init(settings: ServeSettings, board: LiveBoard, sink: any LiveSink, bootID: String, clock: any Clock, log: Logger,
         notifier: any ServiceManagerNotifier, drive: Drive = .timers) {
        self.settings = settings
        self.notifier = notifier
        self.bootID = bootID
        self.clock = clock
        self.log = log
        self.drive = drive
        clockMode = settings.options.clock
        let d = settings.daemon
        let engineSettings = settings.engine
        engine = SLAEngine(settings: engineSettings)
        let parser = EventParser(channelNames: engineSettings.channelNames, maxLineBytes: d.maxLineBytes)
        tailer = SpoolTailer(directory: d.spool, pattern: d.pattern, parser: parser, maxLineBytes: d.maxLineBytes, log: log, clock: clock)
        checkpointer = Checkpointer(directory: d.state, clock: clock, log: log)
        liveClock = LiveClock(grace: d.clockStepGrace)
        publisher = BoardPublisher(board: board, sink: sink, pushInterval: d.pushInterval, logging: d.logNotifications, clock: clock, log: log)
    }

    // MARK: Service

    /// Creates the spool directory, restores the checkpoint, starts watching the spool and the timers.
    package func start() throws {
        let spool = settings.daemon.spool
        do { try Files.makeDirectories(spool) } catch {
            throw ServeError("cannot create spool directory \(spool): \(String(cString: strerror(error.code)))")
        }
        let lock = try StateLock(directory: settings.daemon.state)
        queue.sync {
            stateLock = lock
            restore()
            log.notice("starting", ["SPOOL": spool, "STATE": settings.daemon.state, "CLOCK": clockMode.rawValue,
                                   "CHANNELS": settings.configuration.channels.map(\.name).joined(separator: ","),
                                   "VERSION": PantauVersion.string], kind: .started)
            notifyStatus()  // "catching up" from the first moment, before the first batch
            if drive == .timers {
                startSources()
                queue.async { self.poll() }
            }
        }
    }

    /// Cancels the sources and writes the final checkpoint; false when it failed (the next start
    /// resumes from the last durable one).
    package func stop() -> Bool {
        queue.sync {
            guard !stopping else { return true }
            stopping = true
            for s in sources { s.cancel() }
            sources.removeAll()
            inotify?.cancel()
            inotify = nil
            wake = nil
            boardTimer = nil
            let ok = checkpointer.writeNow(makeCheckpoint(), progress: progress)
            if ok {
                log.notice("final checkpoint written", ["APPLIED": String(engine.totals.applied)])
            } else {
                log.error("final checkpoint failed (the next start resumes from the last durable one)",
                          ["APPLIED": String(engine.totals.applied)], kind: .checkpointFailure)
            }
            stateLock?.release()
            stateLock = nil
            return ok
        }
    }

    // MARK: Manual drive (tests)

    /// One turn as the timers would make it: a full scan, every complete line applied (all
    /// batches), the wall clock's tick once caught up, the board published and, when the push
    /// interval is up, `metrics` pushed.
    package func turn() {
        queue.sync {
            rescanNeeded = true
            repeat { poll(scheduling: false) } while tailer.hasBacklog && !stopping
            if clockMode == .wall { tick() }
            publishBoard(force: true)
        }
    }

    /// The engine's figures now.
    package func snapshot() -> Snapshot { queue.sync { engine.snapshot() } }

    // MARK: Reload

    /// Applies a reloaded configuration: the engine, the tailer and the push interval take it;
    /// false (nothing changed) when it changes the channel list or drops a calendar that running
    /// cycles use.
    func reconfigure(_ next: ServeSettings) -> Bool {
        queue.sync {
            guard !stopping else { return false }  // a SIGHUP taken just before the stop
            let engineSettings = next.engine
            guard engine.reconfigure(engineSettings) else { return false }
            tailer.reconfigure(parser: EventParser(channelNames: engineSettings.channelNames, maxLineBytes: next.daemon.maxLineBytes),
                               pattern: next.daemon.pattern)
            publisher.pushInterval = next.daemon.pushInterval
            publisher.logging = next.daemon.logNotifications
            settings = next
            rescheduleBoardTimer()
            rescanNeeded = true
            publisher.changed = true
            return true
        }
    }

    // MARK: Work (on `queue`)

    /// Reads the spool and applies what is complete, in batches, then reports catching up.
    func poll(scheduling: Bool = true) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopping else { return }
        if rescanNeeded {
            rescanNeeded = false
            tailer.scan()
        }
        tailer.refresh()
        let progress = applyBatch()
        drained = !progress.backlog
        if progress.more && scheduling { schedulePoll() }
        guard drained else { return }
        if !caughtUp {
            caughtUp = true
            log.notice("caught up with the spool", ["FILES": String(tailer.fileCount), "CLOCK": RFC3339.format(engine.clock),
                                                     "APPLIED": String(engine.totals.applied)], kind: .ready)
            publishBoard(force: true)
            notifyReady()
        }
        // The backlog is applied: only now may the wall clock decide deadlines (SPEC §3.3).
        if clockMode == .wall { tick() }
    }

    func schedulePoll() {
        guard !pollScheduled else { return }
        pollScheduled = true
        queue.async { self.pollScheduled = false; self.poll() }
    }
}
