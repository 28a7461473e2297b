/// The SLA engine of SPEC §3: tickets, cycles, timers and figures, driven only by the events and
/// instants it is given. A value type: copying it (for a checkpoint) is cheap until either copy
/// changes. `apply` and `advance` report breaches and warnings into a caller-owned buffer.
public struct SLAEngine {
    public internal(set) var settings: EngineSettings
    /// The engine clock: monotone, advanced by events and (live) by the wall clock.
    public internal(set) var clock: Instant = Instant(nanoseconds: 0)
    public internal(set) var totals = EventTotals()

    var tickets: ContiguousArray<TicketRecord> = []
    var index = TicketIndex()
    var freeSlots: [Int32] = []
    var timers = TimerHeap()
    var compactThreshold = 4096
    /// The heap size below which stale timers are never compacted away (tests lower it).
    var minimumCompactThreshold = 4096
    var nextSeq: UInt64 = 1
    var channels: [ChannelAccumulator]
    var started = false
    /// The `today` window's bounds for the clock: rolled only when the clock leaves them.
    var currentDayStart = Instant.distantFuture
    var nextRoll = Instant.distantPast
    /// Tickets forgotten so far (tells `apply` whether its slot lookup is still valid).
    var forgotten: UInt64 = 0

    public init(settings: EngineSettings) {
        self.settings = settings
        self.channels = settings.channels.map { _ in ChannelAccumulator() }
    }

    /// Cycles started per channel index and `SLAKind.rawValue`.
    public var cyclesStarted: [[Int]] { channels.map(\.started) }

    /// Number of live or retained tickets.
    public var ticketCount: Int { index.count }

    /// The earliest pending timer (warning, deadline or forgetting), or nil. It may belong to a
    /// cycle decided since (timers are removed lazily): advancing past it then does nothing. A
    /// live clock wakes just after it so that breaches are pushed on time, not at the next tick.
    public var nextTimerInstant: Instant? { timers.first.map { Instant(nanoseconds: $0.instant) } }

    // MARK: Input

    /// Takes a reloaded configuration (SIGHUP). Targets and settings apply to cycles started from
    /// now on; running cycles keep their deadlines. Refused (false) when the channel list differs,
    /// since ticket and figure state is kept per channel index, or when a calendar that a running
    /// cycle counts in is gone.
    public mutating func reconfigure(_ newSettings: EngineSettings) -> Bool {
        guard newSettings.channelNames == settings.channelNames else { return false }
        // Running cycles refer to calendars by index: map them to the new list by name, and refuse
        // a reload that removes a calendar some running cycle still counts in.
        let oldNames = settings.calendars.map(\.definition.name)
        let newIndex = Dictionary(uniqueKeysWithValues: newSettings.calendars.enumerated().map { ($1.definition.name, Int16($0)) })
        let remap = oldNames.map { newIndex[$0] }
        for t in tickets where t.inUse {
            for kind in SLAKind.allCases {
                if let c = t[kind], c.calendar >= 0, remap[Int(c.calendar)] == nil { return false }
            }
        }
        for i in tickets.indices where tickets[i].inUse {
            for kind in SLAKind.allCases {
                if var c = tickets[i][kind], c.calendar >= 0 {
                    c.calendar = remap[Int(c.calendar)]!
                    tickets[i][kind] = c
                }
            }
        }
        settings = newSettings
        currentDayStart = .distantFuture  // the `today` zone may have changed: roll at the next advance
        nextRoll = .distantPast
        return true
    }

    /// Counts a line the parser rejected (it does not advance the clock).
    public mutating func recordRejection(_ reason: RejectReason) {
        totals[reason] += 1
    }

    /// Applies one parsed event (SPEC §3.3 order: effective time, clock, duplicate, ticket checks).
    /// `wallClock` is given in live mode only: an event more than `maxFutureSkew` ahead of it is
    /// rejected `future_timestamp` without moving the clock.
    public mutating func apply(_ event: Event, wallClock: Instant? = nil, maxFutureSkew: TimeSpan = .minutes(5),
                               notifications: inout [SLANotification]) -> ApplyResult {
        event.withView { apply($0, wallClock: wallClock, maxFutureSkew: maxFutureSkew, notifications: &notifications) }
    }

    /// `apply(_:wallClock:maxFutureSkew:notifications:)` for an event whose ticket id is borrowed:
    /// the id becomes a `String` only if the event creates the ticket.
    public mutating func apply(_ event: EventView, wallClock: Instant? = nil, maxFutureSkew: TimeSpan = .minutes(5),
                               notifications: inout [SLANotification]) -> ApplyResult {
        apply(event, wallClock: wallClock, maxFutureSkew: maxFutureSkew, sink: &notifications)
    }

    /// Applies a replayed event (no wall clock) for its figures only: breaches and warnings are
    /// decided and counted exactly as by `apply(_:wallClock:maxFutureSkew:notifications:)`, but
    /// not reported, which spares building a notification (and its strings) that would be dropped.
    public mutating func apply(_ event: EventView) -> ApplyResult {
        var none = DiscardedNotifications()
        return apply(event, wallClock: nil, maxFutureSkew: .zero, sink: &none)
    }

    /// Advances the clock to `instant` for the figures only (see `apply(_:)`): timers fire, but
    /// no notification is reported.
    public mutating func advance(to instant: Instant) {
        var none = DiscardedNotifications()
        advance(to: instant, sink: &none)
    }

    /// The body of the `apply` methods: fired timers are reported into `sink`.
    private mutating func apply<Sink: NotificationSink>(_ event: EventView, wallClock: Instant?, maxFutureSkew: TimeSpan,
                                                        sink: inout Sink) -> ApplyResult {
        let slot = lookup(event)
        if let wallClock, event.timestamp > wallClock + maxFutureSkew {
            // Report the ticket check that would fail first; never let a far-future line move the clock.
            let reason = SLAEngine.ticketCheck(event.type, phase: phase(of: slot)) ?? .futureTimestamp
            totals[reason] += 1
            return .rejected(reason)
        }
        var effective = event.timestamp
        if let slot { effective = max(effective, tickets[Int(slot)].lastEffective) }
        let forgottenBefore = forgotten
        advance(to: effective, sink: &sink)
        // The clock may have forgotten the ticket.
        let current = forgotten == forgottenBefore ? slot : lookup(event)
        let hash = event.idHash
        if let s = current, tickets[Int(s)].ids.contains(hash) {
            totals.duplicate += 1
            return .duplicate
        }
        if let reason = SLAEngine.ticketCheck(event.type, phase: phase(of: current)) {
            totals[reason] += 1
            return .rejected(reason)
        }
        let s: Int32
        if let current {
            s = current
        } else {
            s = createTicket(event, at: effective)
        }
        tickets[Int(s)].noteApplied(id: hash, at: effective)
        if current != nil { transition(slot: s, event: event, at: effective) }
        totals.applied += 1
        fireTimers(before: clock, sink: &sink)
        return .applied
    }

    /// Advances the clock to `instant` (never backwards), firing every timer strictly before it.
    public mutating func advance(to instant: Instant, notifications: inout [SLANotification]) {
        advance(to: instant, sink: &notifications)
    }

    private mutating func advance<Sink: NotificationSink>(to instant: Instant, sink: inout Sink) {
        compactTimersIfNeeded()
        if !started {
            started = true
            clock = instant
        } else {
            guard instant > clock else { return }
            fireTimers(before: instant, sink: &sink)
            clock = instant
        }
        if clock >= nextRoll || clock < currentDayStart { rollDay() }
    }

    @inline(__always)
    private func lookup(_ event: EventView) -> Int32? {
        let tickets = self.tickets
        let hash = event.ticketHash
        // The index compares 32 hash bits itself; the record's full hash, then the key, settle it.
        return index.find(hash: hash) { tickets[Int($0)].keyHash == hash && tickets[Int($0)].hasKey(event.ticket) }
    }

    private mutating func indexInsert(_ slot: Int32) {
        index.insert(slot: slot, hash: tickets[Int(slot)].keyHash)
    }

    mutating func indexRemove(_ slot: Int32) {
        index.remove(slot: slot, hash: tickets[Int(slot)].keyHash)
    }

    private mutating func rollDay() {
        currentDayStart = settings.todayZone.startOfDay(containing: clock)
        nextRoll = settings.todayZone.startOfDay(containing: currentDayStart + .hours(26))
        for c in channels.indices { channels[c].windows.roll(to: clock, zone: settings.todayZone) }
    }

    /// The phase of the ticket in `slot`, if any (read in place: copying the record would retain
    /// its key and id storage).
    @inline(__always)
    private func phase(of slot: Int32?) -> TicketPhase? {
        guard let slot else { return nil }
        return tickets[Int(slot)].phase
    }

    /// Why an event of `type` cannot apply to a ticket in `phase` (nil: no such ticket), if it cannot.
    /// Static: a method would be handed a copy of the whole engine value.
    @inline(__always)
    private static func ticketCheck(_ type: EventType, phase: TicketPhase?) -> RejectReason? {
        guard let phase else { return type == .created ? nil : .unknownTicket }
        if phase.isLive { return type == .created ? .ticketExists : nil }
        if phase == .abandoned && type == .closed { return nil }
        return .ticketClosed
    }

    // MARK: Transitions (SPEC §3.1)

    private mutating func createTicket(_ event: EventView, at t: Instant) -> Int32 {
        let channel = UInt16(event.channel ?? 0)
        let key = String(decoding: event.ticket, as: UTF8.self)
        let priority = event.priority ?? .normal
        let slot: Int32
        if let free = freeSlots.popLast() {
            // Set up in place: assigning a whole new record copies it and destroys the old one.
            slot = free
            tickets[Int(slot)].open(key: key, keyHash: event.ticketHash, at: t, channel: channel, priority: priority)
        } else {
            slot = Int32(tickets.count)
            var record = TicketRecord.free
            record.open(key: key, keyHash: event.ticketHash, at: t, channel: channel, priority: priority)
            tickets.append(record)
        }
        indexInsert(slot)
        count(.created, channel)
        channels[Int(channel)].recent.recordCreated(at: t, clock: clock)
        startCycle(.firstResponse, slot: slot, at: t)
        startCycle(.resolution, slot: slot, at: t)
        return slot
    }

    private mutating func transition(slot s: Int32, event: EventView, at t: Instant) {
        let i = Int(s)
        switch event.type {
        case .created:
            break  // rejected earlier
        case .assigned:
            tickets[i].hasAgent = event.hasAgent
        case .agentReply:
            guard tickets[i].phase.isLive else { return }
            if event.hasAgent { tickets[i].hasAgent = true }
            if tickets[i].phase == .pending { resumeAll(slot: s, at: t) }
            fulfil(.firstResponse, slot: s, at: t)
            fulfil(.nextResponse, slot: s, at: t)
            tickets[i].firstResponded = true
            if tickets[i].phase == .waiting || tickets[i].phase == .pending { tickets[i].phase = .open }
        case .customerReply:
            switch tickets[i].phase {
            case .pending: leavePending(slot: s, at: t)
            case .resolved: reopen(slot: s, at: t)
            default: break
            }
            if tickets[i].phase.isLive, tickets[i].firstResponded, tickets[i].nextResponse == nil {
                startCycle(.nextResponse, slot: s, at: t)
            }
        case .pending:
            guard tickets[i].phase == .waiting || tickets[i].phase == .open else { return }
            tickets[i].phase = .pending
            for kind in SLAKind.allCases { pause(kind, slot: s, at: t) }
        case .open:
            if tickets[i].phase == .pending { leavePending(slot: s, at: t) }
        case .resolved:
            guard tickets[i].phase.isLive, tickets[i].phase != .resolved else { return }
            for kind in SLAKind.allCases { fulfil(kind, slot: s, at: t) }
            tickets[i].firstResponded = true
            tickets[i].phase = .resolved
            count(.resolved, tickets[i].channel)
        case .reopened:
            if tickets[i].phase == .resolved { reopen(slot: s, at: t) }
        case .closed:
            guard tickets[i].phase.isLive else { return }  // a closed after an abandon: no effect
            for kind in SLAKind.allCases { cancel(kind, slot: s, at: t) }
            count(.closed, tickets[i].channel)
            retire(slot: s, phase: .closed, at: t)
        case .abandoned:
            guard tickets[i].phase == .waiting else { return }
            let short = t - tickets[i].created <= settings.channels[Int(tickets[i].channel)].shortAbandon
            if let fr = tickets[i].firstResponse, fr.undecided {
                tickets[i].firstResponse = nil
                decide(fr, short ? .shortAbandoned : .abandoned, at: t)
            }
            for kind in SLAKind.allCases { cancel(kind, slot: s, at: t) }
            count(short ? .shortAbandoned : .abandoned, tickets[i].channel)
            retire(slot: s, phase: .abandoned, at: t)
        case .transferred:
            if let c = event.channel { tickets[i].channel = UInt16(c) }
        case .priorityChanged:
            tickets[i].priority = event.priority ?? .normal
        }
    }

    private mutating func leavePending(slot s: Int32, at t: Instant) {
        let i = Int(s)
        tickets[i].phase = tickets[i].firstResponded ? .open : .waiting
        resumeAll(slot: s, at: t)
    }

    private mutating func reopen(slot s: Int32, at t: Instant) {
        let i = Int(s)
        tickets[i].phase = .open
        count(.reopened, tickets[i].channel)
        startCycle(.resolution, slot: s, at: t)
        if tickets[i].nextResponse == nil { startCycle(.nextResponse, slot: s, at: t) }
    }

    private mutating func retire(slot s: Int32, phase: TicketPhase, at t: Instant) {
        let i = Int(s)
        tickets[i].phase = phase
        tickets[i].firstResponse = nil
        tickets[i].nextResponse = nil
        tickets[i].resolution = nil
        let seq = takeSeq()
        tickets[i].forgetSeq = seq
        pushTimer(TimerEntry(instant: (t + settings.closedRetention).nanoseconds, seq: seq, slot: s, action: TimerEntry.forget))
    }

    mutating func count(_ counter: TicketCounter, _ channel: UInt16) {
        channels[Int(channel)].counters[counter.rawValue] += 1
    }
}
