import Dispatch
import PantauCore
import PantauSystem

extension EngineService {
    /// inotify on the spool, the one-second timer, the wall clock's tick and wake, the board tick
    /// and the checkpoint timer, all on `queue`.
    func startSources() {
        let spool = settings.daemon.spool
        inotify = Inotify(directory: BytePath(spool), queue: queue) { @Sendable [weak self] names, overflow in
            guard let self else { return }
            if overflow { self.rescanNeeded = true }
            self.tailer.noteChanged(names)
            self.poll()
        }
        if let inotify {
            tailer.watchTarget = { inotify.watchTarget(of: $0, name: $1) }
            tailer.unwatchTarget = { inotify.unwatchTarget($0, name: $1) }
            tailer.collectChanges = { [weak self] in
                if inotify.hasQueuedEvents { self?.takeQueuedChanges() }
            }
        } else {
            log.warning("inotify unavailable; reading the spool directory every second", ["SPOOL": spool])
        }
        addTimer(every: .seconds(1)) { $0.everySecond() }
        if clockMode == .wall {
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
        boardTimer = addTimer(every: boardTickInterval) { $0.publishBoard() }
        addTimer(every: settings.daemon.checkpointInterval) { $0.checkpoint() }
        if let usec = notifier.watchdogMicroseconds {
            // Half the interval systemd waits, as sd_watchdog_enabled(3) advises.
            addTimer(every: TimeSpan(nanoseconds: Int64(min(usec / 2, UInt64(Int64.max / 1000))) * 1000)) { $0.pingWatchdog() }
        }
    }

    /// What inotify has queued, taken in now rather than when its handler runs (before the clock
    /// ticks, and within a merge after a read from disk).
    func takeQueuedChanges() {
        guard let inotify else { return }
        let (names, overflow) = inotify.drainNow()
        if overflow { rescanNeeded = true }
        if !names.isEmpty { tailer.noteChanged(names) }
    }

    /// The board tick also paces the `metrics` push, so it runs at least as often as `PushInterval=`.
    var boardTickInterval: TimeSpan {
        TimeSpan(nanoseconds: min(100_000_000, max(10_000_000, settings.daemon.pushInterval.nanoseconds)))
    }

    /// After a reload: the board tick follows a new `PushInterval=`.
    func rescheduleBoardTimer() {
        guard let boardTimer else { return }
        let ns = Int(boardTickInterval.nanoseconds)
        boardTimer.schedule(deadline: .now() + .nanoseconds(ns), repeating: .nanoseconds(ns), leeway: .milliseconds(5))
    }

    @discardableResult
    private func addTimer(every span: TimeSpan, _ body: @escaping @Sendable (EngineService) -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let ns = max(1_000_000, Int(span.nanoseconds))
        timer.schedule(deadline: .now() + .nanoseconds(ns), repeating: .nanoseconds(ns), leeway: .milliseconds(5))
        timer.setEventHandler { @Sendable [weak self] in if let self { body(self) } }
        timer.resume()
        sources.append(timer)
        return timer
    }

    /// The one-second timer: a full scan now and then (every second without inotify), descriptors
    /// of idle files closed, consumed files deleted.
    func everySecond() {
        fullScanCountdown -= 1
        if inotify == nil || fullScanCountdown <= 0 {
            fullScanCountdown = EngineService.fullScanSeconds
            rescanNeeded = true
        }
        poll()
        notifyStatus()
        if let age = settings.daemon.deleteConsumed {
            tailer.deleteConsumed(durable: checkpointer.durableFiles, age: age, now: clock.now())
        }
    }

    /// One batch of complete lines from the spool into the engine, and its notifications out.
    func applyBatch() -> SpoolTailer.Progress {
        let wall = clockMode == .wall
        let skew = settings.daemon.maxFutureSkew
        let progress = tailer.apply(maxLines: EngineService.batchLines, maxBytes: EngineService.batchBytes) { outcome, path, origin in
            publisher.changed = true
            switch outcome {
            case .rejected(let reason):
                engine.recordRejection(reason)
                logRejection(reason, path: path, origin: origin)
            case .event(let event):
                let result = engine.apply(event, wallClock: wall ? clock.now() : nil, maxFutureSkew: skew,
                                          notifications: &notifications)
                if case .rejected(let reason) = result { logRejection(reason, path: path, origin: origin, event: event) }
            }
        }
        // One hand-over per batch of lines: a burst goes to SSE clients as one write each.
        publisher.push(&notifications)
        return progress
    }

    /// Logs a rejected line (rate-limited) with where it is: file, byte offset, line, event id.
    private func logRejection(_ reason: RejectReason, path: BytePath, origin: LineOrigin, event: Event? = nil) {
        guard rejectLog.shouldLog(reason, now: clock.monotonicNanoseconds(), log: log) else { return }
        var fields: [String: any LogValue] = ["REASON": reason.name, "FILE": path, "OFFSET": String(origin.offset)]
        if let line = origin.line { fields["LINE"] = String(line) }
        if let event { fields["TICKET"] = event.ticket }
        if reason != .lineTooLong, let id = tailer.eventID(path: path, origin: origin) { fields["EVENT_ID"] = id }
        log.warning("rejected line", fields, kind: .rejectedLine)
    }
}
