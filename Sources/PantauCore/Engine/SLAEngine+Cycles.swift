/// Starting, pausing, resuming and deciding SLA cycles (SPEC §3.2).
extension SLAEngine {

    mutating func startCycle(_ kind: SLAKind, slot s: Int32, at t: Instant) {
        let i = Int(s)
        let ch = Int(tickets[i].channel)
        // Fields are read in place: copying the whole `ChannelRules` would retain its string and arrays.
        guard let target = settings.channels[ch].targets[Int(tickets[i].priority.rawValue)][kind] else { return }
        var budget = target
        if kind == .resolution, settings.channels[ch].onReopen == .continue {
            budget = max(.zero, target - tickets[i].resolutionConsumed)
        }
        var cycle = Cycle(start: t, budget: budget, consumed: .zero, since: t, deadline: .distantFuture, timerSeq: 0,
                          channel: tickets[i].channel, calendar: settings.channels[ch].calendar, kind: kind, paused: false,
                          warned: false, breached: false)
        schedule(&cycle, slot: s, at: t)
        tickets[i][kind] = cycle
        channels[Int(cycle.channel)].started[Int(kind.rawValue)] += 1
    }

    /// Computes the deadline and warning instant of a running, undecided cycle from `t` on and
    /// pushes their timers (replacing any earlier ones).
    mutating func schedule(_ c: inout Cycle, slot: Int32, at t: Instant) {
        c.timerSeq = takeSeq()
        let remaining = c.budget - c.consumed
        c.deadline = remaining <= .zero ? t : until(c.calendar, from: t, consuming: remaining)
        // Only the earliest timer of a cycle is in the heap: the deadline follows when the warning fires.
        if !c.warned {
            let ch = Int(c.channel)
            let warnConsumed = TimeSpan(nanoseconds: Int64((Double(c.budget.nanoseconds) * settings.channels[ch].warnAt).rounded()))
            var warnAt = warnConsumed <= c.consumed ? t : until(c.calendar, from: t, consuming: warnConsumed - c.consumed)
            if let before = settings.channels[ch].warnBefore, c.deadline != .distantFuture {
                warnAt = min(warnAt, max(t, c.deadline - before))
            }
            if warnAt <= c.deadline {
                pushTimer(TimerEntry(instant: warnAt.nanoseconds, seq: c.timerSeq, slot: slot, action: c.kind.rawValue * 2))
                return
            }
        }
        pushTimer(TimerEntry(instant: c.deadline.nanoseconds, seq: c.timerSeq, slot: slot, action: c.kind.rawValue * 2 + 1))
    }

    mutating func until(_ calendar: Int16, from t: Instant, consuming span: TimeSpan) -> Instant {
        calendar < 0 ? t + span : settings.calendars[Int(calendar)].deadline(from: t, budget: span)
    }

    mutating func accrued(_ c: Cycle, at t: Instant) -> TimeSpan {
        guard !c.paused, t > c.since else { return c.consumed }
        let span = c.calendar < 0 ? t - c.since : settings.calendars[Int(c.calendar)].businessTime(from: c.since, to: t)
        return c.consumed + span
    }

    mutating func pause(_ kind: SLAKind, slot s: Int32, at t: Instant) {
        guard var c = tickets[Int(s)][kind], !c.paused else { return }
        c.consumed = accrued(c, at: t)
        c.paused = true
        c.deadline = .distantFuture
        c.timerSeq = takeSeq()  // drops the pending timers
        tickets[Int(s)][kind] = c
    }

    mutating func resumeAll(slot s: Int32, at t: Instant) {
        for kind in SLAKind.allCases {
            guard var c = tickets[Int(s)][kind], c.paused else { continue }
            c.paused = false
            c.since = t
            if c.undecided { schedule(&c, slot: s, at: t) }
            tickets[Int(s)][kind] = c
        }
    }

    /// Fulfils a cycle at `t`: `met` if undecided, no new outcome if already breached. Feeds the
    /// histograms and the ASA with the consumed time either way, and removes the cycle.
    mutating func fulfil(_ kind: SLAKind, slot s: Int32, at t: Instant) {
        let i = Int(s)
        guard let c = tickets[i][kind] else { return }
        tickets[i][kind] = nil
        if c.undecided { decide(c, .met, at: t) }
        let ch = Int(c.channel)
        // The consumed time feeds figures only for these two kinds; on a business-hours calendar
        // it is the costliest part of a fulfilment, so a next-response cycle does not compute it.
        switch kind {
        case .firstResponse:
            let consumed = accrued(c, at: t)
            channels[ch].firstResponseSeconds.observe(consumed)
            channels[ch].windows.recordAnswer(consumed: consumed, at: t, clock: clock)
            channels[ch].recent.recordAnswer(wait: t - tickets[i].created, at: t)
        case .resolution:
            let consumed = accrued(c, at: t)
            channels[ch].resolutionSeconds.observe(consumed)
            tickets[i].resolutionConsumed = tickets[i].resolutionConsumed + consumed
        case .nextResponse:
            break
        }
    }

    /// Cancels an undecided cycle; a breached one simply ends.
    mutating func cancel(_ kind: SLAKind, slot s: Int32, at t: Instant) {
        guard let c = tickets[Int(s)][kind] else { return }
        tickets[Int(s)][kind] = nil
        if c.undecided { decide(c, .cancelled, at: t) }
    }

    mutating func decide(_ c: Cycle, _ outcome: Outcome, at t: Instant) {
        let ch = Int(c.channel)
        channels[ch].outcomes[Int(c.kind.rawValue) * Outcome.allCases.count + Int(outcome.rawValue)] += 1
        if c.kind == .firstResponse { channels[ch].windows.recordDecision(outcome, at: t, clock: clock) }
    }
}
