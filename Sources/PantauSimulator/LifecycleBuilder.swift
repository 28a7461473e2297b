import PantauCore

/// Writes one ticket's whole life as a sequence of events with strictly increasing times:
/// created, (abandoned | assigned, agent_reply, rounds of pending / customer_reply / open and
/// agent_reply, resolved, maybe a reopen and a second resolution, closed), with the occasional
/// transfer and priority change.
struct LifecycleBuilder: Sendable {
    private let channels: [ChannelProfile]
    private let clock: LocalClock
    /// Cumulative arrival shares over channels.
    private let channelCumulative: [Double]
    /// Cumulative priority weights per channel.
    private let priorityCumulative: [[Double]]
    /// Transfer target index per channel (nil: none, or an unknown name).
    private let transferTarget: [Int?]
    /// Agent numbers of channel `c` are `agentBase[c] + 1 … agentBase[c] + agentCount`.
    private let agentBase: [Int32]

    /// Rounds of conversation after the first answer, at most.
    private static let maxRounds = 10

    init(profile: TrafficProfile) {
        precondition(profile.channels.count <= Int(UInt8.max), "too many channels")
        channels = profile.channels
        clock = LocalClock(profile: profile)
        var sum = 0.0
        channelCumulative = profile.channels.map { sum += $0.share; return sum }
        priorityCumulative = profile.channels.map { c in
            var s = 0.0
            let cumulative = c.priorityMix.map { s += $0; return s }
            return s > 0 ? cumulative : [0, 1, 1, 1]
        }
        let names = profile.channels.map(\.name)
        transferTarget = profile.channels.enumerated().map { i, c in
            guard let target = c.transferTarget, let j = names.firstIndex(of: target), j != i else { return nil }
            return j
        }
        var base: Int32 = 0
        agentBase = profile.channels.map { c in defer { base += Int32(c.agentCount) }; return base }
    }

    /// Appends ticket `ticket`'s events, arriving at `arrival` (ms since the epoch), to `out`
    /// (`sequence` left 0, `isLast` set on the last one). With `complete` false only `created`.
    func build(ticket: Int64, arrival: Int64, complete: Bool, random: inout SimulatorRandom,
               into out: inout [PendingEvent]) {
        var ch = random.index(cumulative: channelCumulative)
        var priority = Priority(rawValue: UInt8(random.index(cumulative: priorityCumulative[ch])))!
        var last = Int64.min
        var index: Int32 = 0

        /// Appends an event at `proposed`, or a little after the previous one if that is not later.
        func emit(_ type: EventType, _ proposed: Int64, agent: Int32 = 0) {
            let time = proposed > last ? proposed : last + random.integer(1000, 60_000)
            last = time
            index += 1
            out.append(PendingEvent(time: time, sequence: 0, ticket: ticket, index: index, agent: agent, type: type,
                                    channel: UInt8(ch), priority: priority, isLast: false))
        }
        /// When an agent of the current channel acts `delay` after `t`: for the back office the
        /// delay is office time (work waits for the next opening and stops at closing time).
        func agentTime(_ t: Int64, _ delay: Int64) -> Int64 {
            channels[ch].officeHoursOnly ? clock.addingOfficeTime(delay, to: t) : t + delay
        }
        func pickAgent() -> Int32 {
            agentBase[ch] + 1 + Int32(random.integer(0, Int64(channels[ch].agentCount)))
        }
        func scaled(_ ms: Int64, _ factor: Double) -> Int64 { Int64(Double(ms) * factor) }
        /// Mostly an escalation by one level, sometimes a step down.
        func changePriority(at proposed: Int64) {
            let p = Int(priority.rawValue)
            let up = p < 3 && (p == 0 || random.chance(0.8))
            priority = Priority(rawValue: UInt8(up ? p + 1 : p - 1))!
            emit(.priorityChanged, proposed)
        }

        emit(.created, arrival)
        defer { out[out.count - 1].isLast = true }
        guard complete else { return }
        var cp = channels[ch]

        if random.chance(cp.abandonProbability) {
            let shortMs = Int64(cp.shortAbandonWindow * 1000)
            let wait = random.chance(cp.shortAbandonShare) && shortMs > 300
                ? random.integer(300, shortMs + 1)
                : max(shortMs + 1000, random.milliseconds(cp.patience))
            if wait > 4000, random.chance(0.2) { emit(.assigned, arrival + scaled(wait, random.uniform(0.3, 0.9)), agent: pickAgent()) }
            emit(.abandoned, arrival + wait)
            return
        }

        let target = transferTarget[ch]
        let transfer = target != nil && random.chance(cp.transferProbability)
        let transferEarly = transfer && random.chance(0.4)
        let priorityChange = random.chance(cp.priorityChangeProbability) ? (random.chance(0.5) ? 1 : 2) : 0

        if transferEarly, let target {
            // Misrouted: triaged and moved before anyone answers.
            emit(.transferred, agentTime(last, scaled(random.milliseconds(cp.firstResponse), random.uniform(0.2, 0.6))))
            ch = target
            out[out.count - 1].channel = UInt8(ch)
            cp = channels[ch]
        }
        var agent = pickAgent()
        let waitStart = last
        let response = random.milliseconds(cp.firstResponse)
        let assignAt = agentTime(waitStart, scaled(response, cp.assignmentShare * random.uniform(0.7, 1.0)))
        if priorityChange == 1 {
            // A supervisor escalates the waiting ticket before it is picked up.
            changePriority(at: waitStart + scaled(assignAt - waitStart, random.uniform(0.1, 0.9)))
        }
        emit(.assigned, assignAt, agent: agent)
        emit(.agentReply, agentTime(waitStart, response), agent: agent)

        if transfer && !transferEarly, let target {
            emit(.transferred, agentTime(last, random.integer(30_000, 600_000)))
            ch = target
            out[out.count - 1].channel = UInt8(ch)
            cp = channels[ch]
            agent = pickAgent()
            let handover = last
            emit(.assigned, agentTime(handover, scaled(random.milliseconds(cp.firstResponse), cp.assignmentShare)), agent: agent)
            emit(.agentReply, agentTime(handover, random.milliseconds(cp.laterResponse)), agent: agent)
        }
        if priorityChange == 2 { changePriority(at: agentTime(last, random.integer(30_000, 1_800_000))) }

        var rounds = 0
        while rounds < LifecycleBuilder.maxRounds {
            rounds += 1
            if random.chance(cp.pendingProbability) {
                emit(.pending, agentTime(last, random.integer(5000, 180_000)))
                // Waiting for documents takes longer than a plain answer.
                let wait = random.milliseconds(cp.customerDelay) * 2
                if random.chance(0.7) {
                    emit(.customerReply, last + wait)
                } else {
                    // No word from the customer: the agent takes the case back up and closes it out.
                    emit(.open, agentTime(last + wait, random.integer(60_000, 1_800_000)))
                    break
                }
            } else if random.chance(cp.customerReplyProbability) {
                emit(.customerReply, last + random.milliseconds(cp.customerDelay))
            } else {
                break
            }
            emit(.agentReply, agentTime(last, random.milliseconds(cp.laterResponse)), agent: agent)
        }
        emit(.resolved, agentTime(last, random.milliseconds(cp.resolveDelay)))

        if random.chance(cp.reopenProbability) {
            let back = last + random.milliseconds(cp.reopenDelay)
            if random.chance(0.5) {
                emit(.customerReply, back)
            } else {
                emit(.reopened, agentTime(back, random.integer(60_000, 1_800_000)))
            }
            emit(.agentReply, agentTime(last, random.milliseconds(cp.laterResponse)), agent: agent)
            emit(.resolved, agentTime(last, random.milliseconds(cp.resolveDelay)))
        }
        emit(.closed, last + random.milliseconds(cp.closeDelay))
    }
}
