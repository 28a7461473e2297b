import Dispatch
import Foundation
import Glibc
import PantauCore

/// `pantau serve`: owns the engine, the spool tailer and the checkpoint store. Everything that
/// touches them runs on one serial queue (`queue`); Dispatch sources (inotify, timers, signals)
/// deliver onto it. The checkpoint is encoded on the queue (a consistent cut of engine state,
/// file positions and push sequence) and written on another, so the engine never waits for disk.
final class Daemon: @unchecked Sendable {
    struct Options {
        var configurationPath: String
        var clock: ClockMode = .wall
        var spool: String?
        var state: String?
        var logLevel: Logger.Level = .info
    }

    let options: Options
    let log: Logger
    let queue = DispatchQueue(label: "pantau.engine")
    private let ioQueue = DispatchQueue(label: "pantau.checkpoint")

    private var configuration: Configuration
    private var engine: SLAEngine
    private var tailer: SpoolTailer
    private let store: CheckpointStore
    private var notifications: [SLANotification] = []
    private var rejectLog = RejectLogLimiter()
    /// Sequence of pushed `breach`/`warning` events (SSE ids), kept across restarts.
    private(set) var pushSequence: UInt64 = 0
    let bootID: String
    /// The figures as last published for HTTP (at most every `publishInterval`).
    let board: LiveBoard
    /// The HTTP side; set before `start`.
    private var sink: (any LiveSink)?
    /// Whether the engine changed since the board was last published.
    private var changed = true
    private var boardVersion: UInt64 = 0
    private var lastPublish: Int64 = 0
    private var lastSnapshotCost: Int64 = 0
    /// The one-shot timer that wakes the wall clock just after the engine's next timer.
    private var wake: (any DispatchSourceTimer)?
    private var wakeAt = Int64.max
    /// The last poll applied every complete line (for `pantau_spool_lag_seconds`).
    private var drained = false
    private(set) var caughtUp = false
    private var rescanNeeded = true
    private var pollScheduled = false
    private var checkpointInFlight = false
    /// The file positions of the last checkpoint known durable (DeleteConsumed= deletes only
    /// what they cover).
    private var durableFiles: [FileIdentity: CheckpointedFile] = [:]
    private var checkpointFailures: UInt64 = 0
    /// What the last durable checkpoint covered (`progressKey`): an idle daemon does not rewrite an
    /// identical checkpoint every interval (with 100,000 files and tickets it is tens of MB).
    private var checkpointedProgress: [Int64]?
    private var lastDurableCheckpoint: Instant?
    private var stopping = false
    /// The engine's "now" in live mode, robust to wall-clock steps (SPEC §3.3, `LiveClock`).
    private var liveClock: LiveClock
    /// Elapsed time at the last tick, to notice a pause (SIGSTOP, a VM freeze).
    private var lastTickElapsed: Int64 = 0
    /// Seconds until the next full directory scan (the fallback when inotify misses something).
    private var fullScanCountdown = 0

    private var inotify: Inotify?
    private var sources: [any DispatchSourceProtocol] = []

    /// Lines applied per turn of the queue while catching up (keeps ticks and checkpoints timely).
    static let batchLines = 20_000
    /// Bytes read per turn of the queue (over-long lines skip within a budget of their own).
    static let batchBytes = 16 << 20
    /// A gap between ticks longer than this is a pause: the spool is read again before the clock moves.
    static let pauseNanoseconds: Int64 = 1_000_000_000
    /// Seconds between full directory scans while inotify works.
    static let fullScanSeconds = 10

    init(options: Options, configuration: Configuration) throws {
        self.options = options
        self.log = Logger(minimum: options.logLevel)
        var configuration = configuration
        if let spool = options.spool { configuration.daemon.spool = spool }
        if let state = options.state { configuration.daemon.state = state }
        self.configuration = configuration
        self.bootID = Daemon.makeBootID()
        let settings = EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current)
        self.engine = SLAEngine(settings: settings)
        let parser = EventParser(channelNames: settings.channelNames, maxLineBytes: configuration.daemon.maxLineBytes)
        self.tailer = SpoolTailer(directory: configuration.daemon.spool, pattern: configuration.daemon.pattern,
                                  parser: parser, maxLineBytes: configuration.daemon.maxLineBytes, log: log)
        self.store = CheckpointStore(directory: configuration.daemon.state)
        self.liveClock = LiveClock(grace: configuration.daemon.clockStepGrace)
        self.board = LiveBoard(LiveFigures(version: 0, snapshot: engine.snapshot(), caughtUp: false,
                                           spoolFiles: 0, spoolReadBytes: 0, spoolLagSeconds: 0))
    }

    private static func makeBootID() -> String {
        // Distinct per start: SSE ids are BOOT-SEQ, so a client can tell a restart from a gap.
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() & 0xFFFF_FFFF, radix: 16).leftPadded(to: 8)
    }

    // MARK: Start

    /// Restores the checkpoint, starts watching the spool and installs timers and signal handlers.
    func start(sink: (any LiveSink)? = nil) throws {
        let spool = configuration.daemon.spool
        if mkdirParents(spool) != 0 { throw DaemonError("cannot create spool directory \(spool): \(String(cString: strerror(errno)))") }
        // Everything is set up on the queue, so a signal (handled there) never meets a half-built daemon.
        try queue.sync {
            try restore()
            self.sink = sink
            sink?.restored(pushSequence: pushSequence)
            log.notice("starting", ["SPOOL": spool, "STATE": configuration.daemon.state, "CLOCK": options.clock.rawValue,
                                   "CHANNELS": configuration.channels.map(\.name).joined(separator: ","), "VERSION": PantauVersion.string])
            TerminationSignals.handle(on: queue) { @Sendable [weak self] sig in
                guard let self else { return }
                sig == SIGHUP ? self.reload() : self.stop(signal: sig)
            }
            inotify = Inotify(directory: BytePath(spool), queue: queue) { @Sendable [weak self] names, overflow in
                guard let self else { return }
                if overflow { self.rescanNeeded = true }
                self.tailer.noteChanged(names)
                self.poll()
            }
            if let inotify {
                tailer.watchTarget = { inotify.watchTarget(of: $0, name: $1) }
                tailer.unwatchTarget = { inotify.unwatchTarget($0, name: $1) }
            } else {
                log.warning("inotify unavailable; reading the spool directory every second", ["SPOOL": spool])
            }
            addTimer(every: .seconds(1)) { $0.everySecond() }
            if options.clock == .wall {
                addTimer(every: .milliseconds(100)) { $0.tick() }
                let wake = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
                wake.setEventHandler { @Sendable [weak self] in
                    guard let self else { return }
                    self.wakeAt = .max
                    self.tick()
                }
                wake.resume()
                self.wake = wake
                sources.append(wake)
            }
            addTimer(every: .milliseconds(100)) { $0.publishBoard() }
            addTimer(every: configuration.daemon.checkpointInterval) { $0.checkpoint() }
            queue.async { self.poll() }
        }
    }

    /// The one-second timer: a full scan now and then (every second without inotify), descriptors
    /// of idle files closed, consumed files deleted.
    private func everySecond() {
        fullScanCountdown -= 1
        if inotify == nil || fullScanCountdown <= 0 {
            fullScanCountdown = Daemon.fullScanSeconds
            rescanNeeded = true
        }
        poll()
        if let age = configuration.daemon.deleteConsumed {
            tailer.deleteConsumed(durable: durableFiles, age: age, now: SystemClock.now())
        }
    }

    private func addTimer(every span: TimeSpan, _ body: @escaping @Sendable (Daemon) -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let ns = max(1_000_000, Int(span.nanoseconds))
        timer.schedule(deadline: .now() + .nanoseconds(ns), repeating: .nanoseconds(ns), leeway: .milliseconds(5))
        timer.setEventHandler { @Sendable [weak self] in if let self { body(self) } }
        timer.resume()
        sources.append(timer)
    }

    private func restore() throws {
        switch store.load() {
        case .none:
            log.info("no checkpoint; reading the spool from the start")
        case .discarded(let reason, let movedTo):
            log.error("checkpoint unreadable; moved aside, rebuilding from the spool", ["REASON": reason, "MOVED_TO": movedTo])
        case .loaded(let checkpoint):
            do {
                engine = try SLAEngine(settings: engine.settings, decodingState: checkpoint.engineState)
            } catch {
                let aside = store.moveAside()
                log.error("checkpoint does not fit the configuration; moved aside, rebuilding from the spool",
                          ["REASON": "\(error)", "MOVED_TO": aside ?? "-"])
                return
            }
            pushSequence = checkpoint.pushSequence
            tailer.resume(from: checkpoint.files)
            durableFiles = Daemon.byIdentity(checkpoint.files)
            lastDurableCheckpoint = SystemClock.now()
            if let clock = checkpoint.clock, clock.kernelBootID == SystemClock.kernelBootID, !clock.kernelBootID.isEmpty {
                // Same boot: elapsed time went on, so a step seen before the restart stays a step.
                liveClock = LiveClock(grace: configuration.daemon.clockStepGrace, state: clock.state)
            }
            log.info("restored checkpoint", ["TICKETS": String(engine.ticketCount), "FILES": String(checkpoint.files.count),
                                             "CLOCK": RFC3339.format(engine.clock)])
        }
    }

    // MARK: Work (on `queue`)

    /// Reads the spool and applies what is complete, in batches, then reports catching up.
    func poll() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopping else { return }
        if rescanNeeded {
            rescanNeeded = false
            tailer.scan()
        }
        tailer.refresh()
        let wall = options.clock == .wall
        let skew = configuration.daemon.maxFutureSkew
        let progress = tailer.apply(maxLines: Daemon.batchLines, maxBytes: Daemon.batchBytes) { outcome, path, origin in
            changed = true
            switch outcome {
            case .rejected(let reason):
                engine.recordRejection(reason)
                logRejection(reason, path: path, origin: origin)
            case .event(let event):
                let result = engine.apply(event, wallClock: wall ? SystemClock.now() : nil, maxFutureSkew: skew,
                                          notifications: &notifications)
                if case .rejected(let reason) = result { logRejection(reason, path: path, origin: origin, event: event) }
            }
        }
        // One hand-over per batch of lines: a burst goes to SSE clients as one write each.
        if !notifications.isEmpty { publish() }
        drained = !progress.backlog
        if progress.more { schedulePoll() }
        guard drained else { return }
        if !caughtUp {
            caughtUp = true
            log.notice("caught up with the spool", ["FILES": String(tailer.fileCount), "CLOCK": RFC3339.format(engine.clock),
                                                     "APPLIED": String(engine.totals.applied)])
            publishBoard(force: true)
        }
        // The backlog is applied: only now may the wall clock decide deadlines (SPEC §3.3).
        if wall { tick() }
    }

    private func schedulePoll() {
        guard !pollScheduled else { return }
        pollScheduled = true
        queue.async { self.pollScheduled = false; self.poll() }
    }

    /// Logs a rejected line (rate-limited) with where it is: file, byte offset, line, event id.
    private func logRejection(_ reason: RejectReason, path: BytePath, origin: LineOrigin, event: Event? = nil) {
        guard rejectLog.shouldLog(reason, now: SystemClock.monotonicNanoseconds(), log: log) else { return }
        var fields: [String: any LogValue] = ["REASON": reason.name, "FILE": path, "OFFSET": String(origin.offset)]
        if let line = origin.line { fields["LINE"] = String(line) }
        if let event { fields["TICKET"] = event.ticket }
        if reason != .lineTooLong, let id = tailer.eventID(path: path, origin: origin) { fields["EVENT_ID"] = id }
        log.warning("rejected line", fields)
    }

    /// Moves the engine clock with the wall clock once caught up (SPEC §3.3), never past lines
    /// already in the spool: changes inotify has queued are looked at first, a pause (a gap
    /// between ticks) makes the whole spool be looked at, and any backlog is applied (by `poll`,
    /// which ticks again when done) before the clock moves.
    private func tick() {
        guard caughtUp, !stopping else { return }
        if let inotify {
            let (names, overflow) = inotify.drainNow()
            if overflow { rescanNeeded = true }
            if !names.isEmpty { tailer.noteChanged(names) }
        }
        let elapsed = SystemClock.elapsedNanoseconds()
        if lastTickElapsed != 0 && elapsed - lastTickElapsed > Daemon.pauseNanoseconds { rescanNeeded = true }
        lastTickElapsed = elapsed
        if rescanNeeded {
            rescanNeeded = false
            tailer.scan()
        }
        tailer.refresh()
        if tailer.hasBacklog {
            schedulePoll()
            return
        }
        let steps = liveClock.steps
        let now = liveClock.now(wall: SystemClock.now(), elapsed: elapsed)
        if liveClock.steps != steps {
            log.warning("wall clock stepped; following elapsed time until the step has lasted ClockStepGrace=",
                        ["STEP_SECONDS": String(Double(liveClock.currentStep) / 1e9), "GRACE": String(configuration.daemon.clockStepGrace.nanoseconds / 1_000_000_000)])
        }
        engine.advance(to: now, notifications: &notifications)
        changed = true
        if !notifications.isEmpty { publish() }
        scheduleWake()
    }

    /// Arms the wake timer for just after the engine's next timer (wall clock, caught up), so a
    /// deadline is decided within a millisecond or two rather than at the next 100 ms tick.
    private func scheduleWake() {
        guard let wake, caughtUp, !stopping, let next = engine.nextTimerInstant else { return }
        let target = next.nanoseconds &+ 1_000_000
        guard target != wakeAt else { return }
        wakeAt = target
        let delay = max(0, target - SystemClock.now().nanoseconds)
        guard delay < 3_600_000_000_000 else { return }  // far ahead: the 100 ms tick gets there first
        wake.schedule(deadline: .now() + .nanoseconds(Int(delay)), repeating: .never, leeway: .milliseconds(1))
    }

    /// Publishes the figures for HTTP when the engine changed, at most every 100 ms; a snapshot
    /// that is expensive (a million open tickets) is taken less often, at most 10 % of the queue.
    private func publishBoard(force: Bool = false) {
        guard changed || force else { return }
        let started = SystemClock.monotonicNanoseconds()
        guard force || started - lastPublish >= lastSnapshotCost * 10 else { return }
        changed = false
        boardVersion += 1
        let snapshot = engine.snapshot()
        let wallNow = SystemClock.now()
        var lag = 0.0
        if !drained, let oldest = tailer.oldestBacklogModificationTime {
            lag = max(0, Double(wallNow.nanoseconds) / 1e9 - Double(oldest))  // mtime in seconds
        }
        let durable = lastDurableCheckpoint.map { Double($0.nanoseconds) / 1e9 }
        board.publish(LiveFigures(version: boardVersion, snapshot: snapshot, caughtUp: caughtUp, spoolFiles: tailer.fileCount,
                                  spoolReadBytes: tailer.consumedBytes, spoolLagSeconds: lag,
                                  checkpointFailures: checkpointFailures, lastCheckpointSeconds: durable,
                                  checkpointAgeSeconds: durable.map { max(0, Double(wallNow.nanoseconds) / 1e9 - $0) },
                                  clockSteps: liveClock.steps, clockStepSeconds: Double(liveClock.currentStep) / 1e9))
        lastPublish = SystemClock.monotonicNanoseconds()
        lastSnapshotCost = lastPublish - started
    }

    /// Numbers breaches and warnings, logs them and hands them to the HTTP side (SSE).
    private func publish() {
        var batch: [PushedNotification] = []
        batch.reserveCapacity(notifications.count)
        for n in notifications {
            pushSequence += 1
            batch.append(PushedNotification(sequence: pushSequence, notification: n))
            log.debug(n.kind == .breach ? "SLA breached" : "SLA at risk",
                      ["TICKET": n.ticket, "CHANNEL": n.channel, "SLA": n.sla.name, "AT": RFC3339.format(n.at)])
        }
        notifications.removeAll(keepingCapacity: true)
        sink?.push(batch)
    }

    /// Encodes a consistent checkpoint now; writes it on the I/O queue (or synchronously at stop).
    /// Only a write that succeeded counts as durable (DeleteConsumed= relies on it). Returns, for a
    /// synchronous write, whether it succeeded.
    @discardableResult
    private func checkpoint(synchronously: Bool = false) -> Bool {
        guard synchronously || !checkpointInFlight else { return true }
        let progress = progressKey
        // Nothing applied, pushed or read since: the checkpoint on disk restores the same figures
        // (the clock's advance since is replayed by the wall clock after a restart).
        guard synchronously || progress != checkpointedProgress else { return true }
        var state: [UInt8] = []
        engine.encodeState(into: &state)
        let files = tailer.checkpointedFiles()
        let clock = options.clock == .wall ? liveClock.state.map { Checkpoint.ClockRecord(kernelBootID: SystemClock.kernelBootID, state: $0) } : nil
        let checkpoint = Checkpoint(engineState: state, files: files, pushSequence: pushSequence, bootID: bootID, clock: clock)
        let write: @Sendable () -> Bool = { [store, log] in
            do {
                try store.write(checkpoint)
                return true
            } catch {
                log.error("checkpoint write failed", ["ERROR": "\(error)", "STATE": store.directory])
                return false
            }
        }
        if synchronously {
            let ok = ioQueue.sync { write() }
            recordCheckpoint(ok, files: files, progress: progress)
            return ok
        }
        checkpointInFlight = true
        ioQueue.async { [weak self] in
            let ok = write()
            guard let daemon = self else { return }
            daemon.queue.async {
                daemon.checkpointInFlight = false
                daemon.recordCheckpoint(ok, files: files, progress: progress)
            }
        }
        return true
    }

    /// Lines seen, notifications pushed, spool bytes consumed and files followed: what a new
    /// checkpoint would differ by.
    private var progressKey: [Int64] {
        let t = engine.totals
        return [Int64(t.applied), Int64(t.duplicate), Int64(t.rejectedTotal), Int64(bitPattern: pushSequence),
                tailer.consumedBytes, Int64(tailer.fileCount)]
    }

    private func recordCheckpoint(_ ok: Bool, files: [CheckpointedFile], progress: [Int64]) {
        changed = true
        guard ok else {
            checkpointFailures += 1
            return
        }
        checkpointedProgress = progress
        durableFiles = Daemon.byIdentity(files)
        lastDurableCheckpoint = SystemClock.now()
    }

    private static func byIdentity(_ files: [CheckpointedFile]) -> [FileIdentity: CheckpointedFile] {
        Dictionary(files.map { (FileIdentity(device: $0.device, inode: $0.inode), $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Signals

    private func stop(signal sig: Int32) {
        guard !stopping else { return }
        stopping = true
        log.notice("stopping", ["SIGNAL": sig == SIGTERM ? "TERM" : "INT"])
        for s in sources { s.cancel() }
        inotify?.cancel()
        guard checkpoint(synchronously: true) else {
            log.error("final checkpoint failed; exiting with failure (the next start resumes from the last durable one)",
                      ["APPLIED": String(engine.totals.applied)])
            exit(1)
        }
        log.notice("final checkpoint written; exiting", ["APPLIED": String(engine.totals.applied)])
        exit(0)
    }

    private func reload() {
        log.notice("reloading configuration", ["CONFIG": options.configurationPath])
        switch ConfigurationLoader.load(path: options.configurationPath) {
        case .failure(let errors):
            for e in errors.errors { log.error("configuration error; keeping the old configuration", ["ERROR": e.description]) }
        case .success(var next):
            if let spool = options.spool { next.daemon.spool = spool }
            if let state = options.state { next.daemon.state = state }
            if next.daemon.spool != configuration.daemon.spool || next.daemon.state != configuration.daemon.state {
                log.warning("Spool= and State= changes take effect at the next restart")
                next.daemon.spool = configuration.daemon.spool
                next.daemon.state = configuration.daemon.state
            }
            let settings = EngineSettings(configuration: next, defaultTimeZone: TimeZone.current)
            guard engine.reconfigure(settings) else {
                log.error("configuration changes the channel list or drops a calendar that running cycles use; that needs a restart. Keeping the old configuration")
                return
            }
            tailer.reconfigure(parser: EventParser(channelNames: settings.channelNames, maxLineBytes: next.daemon.maxLineBytes),
                               pattern: next.daemon.pattern)
            configuration = next
            rescanNeeded = true
            changed = true
            sink?.reloaded(next)
            log.notice("configuration reloaded", ["CHANNELS": next.channels.map(\.name).joined(separator: ",")])
        }
    }

    // MARK: Queries (any thread)

    /// Publishes the figures as they are now (on the engine queue), then runs `then`: a `metrics`
    /// push carries the state at the push, not up to 100 ms old.
    func publishNow(then: @escaping @Sendable () -> Void) {
        queue.async {
            if !self.stopping { self.publishBoard(force: true) }
            then()
        }
    }

    /// The figures now (runs on the engine queue).
    func snapshot() -> Snapshot { queue.sync { engine.snapshot() } }
}

struct DaemonError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `mkdir -p`; 0 on success.
func mkdirParents(_ path: String, mode: mode_t = 0o755) -> Int32 {
    var partial = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
        partial += "/" + component
        if mkdir(partial, mode) != 0 && errno != EEXIST { return -1 }
    }
    return 0
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
