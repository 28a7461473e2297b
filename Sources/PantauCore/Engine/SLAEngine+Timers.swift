/// The engine's timers: warnings, deadlines and the forgetting of retired tickets, fired in
/// instant order whenever the clock moves (SPEC §3.3).
extension SLAEngine {
    mutating func takeSeq() -> UInt64 {
        defer { nextSeq += 1 }
        return nextSeq
    }

    mutating func pushTimer(_ e: TimerEntry) {
        guard e.instant != Instant.distantFuture.nanoseconds else { return }
        timers.push(e)
    }

    /// Drops stale timers once the heap has doubled since the last time. Only called between
    /// events, when every cycle is stored in its ticket: in the middle of a transition a cycle
    /// being scheduled is not stored yet, and its fresh timers would look stale.
    mutating func compactTimersIfNeeded() {
        guard timers.count > compactThreshold else { return }
        let tickets = self.tickets
        timers.compact { SLAEngine.isLive($0, tickets) }
        compactThreshold = max(minimumCompactThreshold, timers.count * 2)
    }

    static func isLive(_ e: TimerEntry, _ tickets: ContiguousArray<TicketRecord>) -> Bool {
        // Fields are read in place: copying the record would retain its key and id storage.
        let i = Int(e.slot)
        guard tickets[i].inUse else { return false }
        if e.action == TimerEntry.forget { return tickets[i].forgetSeq == e.seq }
        guard let kind = SLAKind(rawValue: e.action / 2), let c = tickets[i][kind] else { return false }
        return c.timerSeq == e.seq && c.undecided && !c.paused && (e.action % 2 == 1 || !c.warned)
    }

    /// Fires, in instant order, every live timer whose instant is strictly before `limit`, and
    /// reports the breaches and warnings into `sink`.
    @inline(__always)
    mutating func fireTimers<Sink: NotificationSink>(before limit: Instant, sink: inout Sink) {
        // Called twice per event, and mostly there is nothing due: test that here, inline.
        guard let top = timers.first, top.instant < limit.nanoseconds else { return }
        fireDueTimers(before: limit, sink: &sink)
    }

    /// `fireTimers(before:sink:)` once the first timer is known to be due.
    private mutating func fireDueTimers<Sink: NotificationSink>(before limit: Instant, sink: inout Sink) {
        while let top = timers.first, top.instant < limit.nanoseconds {
            _ = timers.popFirst()
            guard SLAEngine.isLive(top, tickets) else { continue }
            let slot = Int(top.slot)
            let at = Instant(nanoseconds: top.instant)
            if top.action == TimerEntry.forget {
                forgotten &+= 1
                indexRemove(top.slot)
                tickets[slot].makeFree()
                freeSlots.append(top.slot)
                continue
            }
            let kind = SLAKind(rawValue: top.action / 2)!
            guard var c = tickets[slot][kind] else { continue }
            let isDeadline = top.action % 2 == 1
            if isDeadline {
                c.breached = true
                c.deadline = .distantFuture
                decide(c, .breached, at: at)
            } else {
                c.warned = true
                pushTimer(TimerEntry(instant: c.deadline.nanoseconds, seq: c.timerSeq, slot: top.slot, action: top.action + 1))
            }
            tickets[slot][kind] = c
            sink.report {
                SLANotification(
                    kind: isDeadline ? .breach : .warning, at: at, ticket: tickets[slot].key,
                    channel: settings.channels[Int(c.channel)].name, sla: kind, priority: tickets[slot].priority,
                    deadline: isDeadline ? at : c.deadline)
            }
        }
    }

}
