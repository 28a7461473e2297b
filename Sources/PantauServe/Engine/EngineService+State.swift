import PantauCore
import PantauSystem

extension EngineService {
    /// Restores the checkpoint, or starts from the spool's beginning when there is none or it
    /// cannot be used (moved aside and logged).
    func restore() {
        let store = checkpointer.store
        switch store.load() {
        case .none:
            log.info("no checkpoint; reading the spool from the start")
            publisher.restored(pushSequence: 0)
        case .discarded(let reason, let movedTo):
            log.error("checkpoint unreadable; moved aside, rebuilding from the spool", ["REASON": reason, "MOVED_TO": movedTo])
            publisher.restored(pushSequence: 0)
        case .loaded(let checkpoint):
            do {
                engine = try SLAEngine(settings: engine.settings, decodingState: checkpoint.engineState)
            } catch {
                let aside = store.moveAside()
                log.error("checkpoint does not fit the configuration; moved aside, rebuilding from the spool",
                          ["REASON": "\(error)", "MOVED_TO": aside ?? "-"])
                publisher.restored(pushSequence: 0)
                return
            }
            publisher.restored(pushSequence: checkpoint.pushSequence)
            tailer.resume(from: checkpoint.files)
            checkpointer.restored(checkpoint.files)
            if let record = checkpoint.clock, record.kernelBootID == SystemClock.kernelBootID, !record.kernelBootID.isEmpty {
                // Same boot: elapsed time went on, so a step seen before the restart stays a step.
                liveClock = LiveClock(grace: settings.daemon.clockStepGrace, state: record.state)
            }
            log.info("restored checkpoint", ["TICKETS": String(engine.ticketCount), "FILES": String(checkpoint.files.count),
                                             "CLOCK": RFC3339.format(engine.clock)])
        }
    }

    /// A consistent cut: engine state, file positions, push sequence and the live clock's state.
    func makeCheckpoint() -> Checkpoint {
        var state: [UInt8] = []
        engine.encodeState(into: &state)
        let record = clockMode == .wall
            ? liveClock.state.map { Checkpoint.ClockRecord(kernelBootID: SystemClock.kernelBootID, state: $0) } : nil
        return Checkpoint(engineState: state, files: tailer.checkpointedFiles(), pushSequence: publisher.pushSequence,
                          bootID: bootID, clock: record)
    }

    var progress: Checkpointer.Progress {
        let t = engine.totals
        return Checkpointer.Progress(applied: UInt64(t.applied), duplicate: UInt64(t.duplicate), rejected: UInt64(t.rejectedTotal),
                                     pushSequence: publisher.pushSequence, consumedBytes: tailer.consumedBytes, files: tailer.fileCount)
    }

    /// The checkpoint timer: written on the checkpoint queue unless nothing changed.
    func checkpoint() {
        guard !stopping else { return }
        checkpointer.write(makeCheckpoint(), progress: progress, on: queue) { [weak self] in
            self?.publisher.changed = true
        }
    }

    /// Publishes the figures for HTTP (see `BoardPublisher.tick`).
    func publishBoard(force: Bool = false) {
        guard !stopping else { return }
        publisher.tick(force: force) { version in
            let wallNow = clock.now()
            var lag = 0.0
            if !drained, let oldest = tailer.oldestBacklogModificationTime {
                lag = max(0, Double(wallNow.nanoseconds) / 1e9 - Double(oldest))  // mtime in seconds
            }
            let durable = checkpointer.lastDurable.map { Double($0.nanoseconds) / 1e9 }
            return LiveFigures(version: version, snapshot: engine.snapshot(), caughtUp: caughtUp, spoolFiles: tailer.fileCount,
                               spoolReadBytes: tailer.consumedBytes, spoolLagSeconds: lag,
                               checkpointFailures: checkpointer.failures, lastCheckpointSeconds: durable,
                               checkpointAgeSeconds: durable.map { max(0, Double(wallNow.nanoseconds) / 1e9 - $0) },
                               clockSteps: liveClock.steps, clockStepSeconds: Double(liveClock.currentStep) / 1e9)
        }
    }
}
