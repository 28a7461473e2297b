import Dispatch
import PantauCore
import PantauSystem

extension EngineService {
    /// Moves the engine clock with the wall clock once caught up (SPEC §3.3), never past lines
    /// already in the spool: changes inotify has queued are looked at first, a pause (a gap
    /// between ticks) makes the whole spool be looked at, and any backlog is applied (by `poll`,
    /// which ticks again when done) before the clock moves.
    func tick() {
        guard caughtUp, !stopping else { return }
        takeQueuedChanges()
        let elapsed = clock.elapsedNanoseconds()
        if lastTickElapsed != 0 && elapsed - lastTickElapsed > EngineService.pauseNanoseconds { rescanNeeded = true }
        lastTickElapsed = elapsed
        if rescanNeeded {
            rescanNeeded = false
            tailer.scan()
        }
        tailer.refresh()
        if tailer.hasBacklog {
            if drive == .timers { schedulePoll() }
            return
        }
        let steps = liveClock.steps
        let now = liveClock.now(wall: clock.now(), elapsed: elapsed)
        if liveClock.steps != steps {
            log.warning("wall clock stepped; following elapsed time until the step has lasted ClockStepGrace=",
                        ["STEP_SECONDS": String(Double(liveClock.currentStep) / 1e9),
                         "GRACE": String(settings.daemon.clockStepGrace.nanoseconds / 1_000_000_000)])
        }
        engine.advance(to: now, notifications: &notifications)
        publisher.changed = true
        publisher.push(&notifications)
        scheduleWake()
    }

    /// Arms the wake timer for just after the engine's next timer (wall clock, caught up), so a
    /// deadline is decided within a millisecond or two rather than at the next 100 ms tick.
    private func scheduleWake() {
        guard let wake, caughtUp, !stopping, let next = engine.nextTimerInstant else { return }
        let target = next.nanoseconds &+ 1_000_000
        guard target != wakeAt else { return }
        wakeAt = target
        let delay = max(0, target - clock.wallNanoseconds())
        guard delay < 3_600_000_000_000 else { return }  // far ahead: the 100 ms tick gets there first
        wake.schedule(deadline: .now() + .nanoseconds(Int(delay)), repeating: .never, leeway: .milliseconds(1))
    }
}
