/// The engine's whole state as bytes, for checkpoints (SPEC §4): an engine decoded from
/// `encodeState` and fed the rest of a stream gives the same figures and notifications as one
/// engine fed the whole stream.
///
/// Layout (little-endian, see `StateWriter`): magic `PNTUENGN`, `UInt32` version, the channel and
/// calendar names, the clock and day bounds, sequence numbers, event totals, per-channel
/// accumulators, the ticket slots (a free slot is one zero byte; slot numbers are kept because
/// timers refer to them), the free-slot stack, and the timer heap's array verbatim (so entries
/// that tie pop in the same order). The ticket index is not stored: it is rebuilt from the tickets.
/// The settings are not stored either; they come from the configuration.
extension SLAEngine {
    /// The version of the layout `encodeState` writes; any change to it bumps this.
    public static let stateFormatVersion: UInt32 = 2
    /// Older layouts this build still reads: version 1 lacks the recent traffic (forecasts start
    /// from none).
    public static let readableStateVersions: ClosedRange<UInt32> = 1...2

    static let stateMagic: [UInt8] = Array("PNTUENGN".utf8)

    // Ticket slot flags.
    private static let inUseFlag: UInt8 = 1
    private static let hasAgentFlag: UInt8 = 2
    private static let firstRespondedFlag: UInt8 = 4
    /// `cycleFlag << kind.rawValue`: the cycle of that kind is present.
    private static let cycleFlag: UInt8 = 8
    private static let knownTicketFlags: UInt8 = 63

    // Cycle flags.
    private static let pausedFlag: UInt8 = 1
    private static let warnedFlag: UInt8 = 2
    private static let breachedFlag: UInt8 = 4

    /// Bytes of a cycle: five instants or spans, a sequence number, channel, calendar, flags.
    private static let cycleSize = 5 * 8 + 8 + 2 + 2 + 1
    /// Bytes of a live ticket without its key, ids and cycles.
    private static let ticketFixedSize = 1 + 4 + 8 + 4 + 4 * 8 + 2 + 1 + 1
    /// Bytes of one timer entry.
    private static let timerSize = 8 + 8 + 4 + 1
    /// Counters above this are taken as garbage (so that no later `+= 1` can overflow).
    private static let counterLimit: Int64 = 1 << 62

    /// Appends the state (everything but the settings) to `out`.
    public func encodeState(into out: inout [UInt8]) {
        var w = StateWriter(appendingTo: out)
        out = []  // `w` now holds the only reference: appending does not copy
        w.reserve(stateSizeEstimate())
        w.write(raw: SLAEngine.stateMagic)
        w.write(SLAEngine.stateFormatVersion)

        w.write(UInt32(settings.channels.count))
        for c in settings.channels { w.write(c.name) }
        w.write(UInt32(settings.calendars.count))
        for c in settings.calendars { w.write(c.definition.name) }

        w.write(clock.nanoseconds)
        w.write(started)
        w.write(currentDayStart.nanoseconds)
        w.write(nextRoll.nanoseconds)
        w.write(forgotten)
        w.write(nextSeq)
        w.write(Int64(compactThreshold))
        w.write(Int64(minimumCompactThreshold))

        w.write(Int64(totals.applied))
        w.write(Int64(totals.duplicate))
        w.write(array: totals.rejected.map(Int64.init))

        for acc in channels {
            w.write(array: acc.counters.map(Int64.init))
            w.write(array: acc.outcomes.map(Int64.init))
            w.write(array: acc.started.map(Int64.init))
            acc.firstResponseSeconds.encode(into: &w)
            acc.resolutionSeconds.encode(into: &w)
            acc.windows.encode(into: &w)
            acc.recent.encode(into: &w)
        }

        w.write(UInt32(tickets.count))
        for t in tickets {
            guard t.inUse else {
                w.write(UInt8(0))
                continue
            }
            var flags = SLAEngine.inUseFlag
            if t.hasAgent { flags |= SLAEngine.hasAgentFlag }
            if t.firstResponded { flags |= SLAEngine.firstRespondedFlag }
            if t.firstResponse != nil { flags |= SLAEngine.cycleFlag }
            if t.nextResponse != nil { flags |= SLAEngine.cycleFlag << 1 }
            if t.resolution != nil { flags |= SLAEngine.cycleFlag << 2 }
            w.write(flags)
            w.write(t.key)
            w.write(t.keyHash)
            t.ids.encode(into: &w)
            w.write(t.created.nanoseconds)
            w.write(t.lastEffective.nanoseconds)
            w.write(t.resolutionConsumed.nanoseconds)
            w.write(t.forgetSeq)
            w.write(t.channel)
            w.write(t.priority.rawValue)
            w.write(t.phase.rawValue)
            if let c = t.firstResponse { SLAEngine.encode(c, into: &w) }
            if let c = t.nextResponse { SLAEngine.encode(c, into: &w) }
            if let c = t.resolution { SLAEngine.encode(c, into: &w) }
        }
        w.write(array: freeSlots)

        w.write(UInt32(timers.count))
        for e in timers.entries {
            w.write(e.instant)
            w.write(e.seq)
            w.write(e.slot)
            w.write(e.action)
        }
        out = w.finish()
    }

    /// The encoded size, within the windows' and names' few kilobytes: the buffer is allocated
    /// once (growing by doubling would zero-fill and copy hundreds of megabytes more).
    private func stateSizeEstimate() -> Int {
        var size = 4096 + timers.count * SLAEngine.timerSize + freeSlots.count * 4
        for acc in channels { size += 1024 + acc.windows.encodedSizeEstimate + acc.recent.encodedSize }
        tickets.withUnsafeBufferPointer { all in
            for t in all {
                guard t.inUse else { size += 1; continue }
                size += SLAEngine.ticketFixedSize + t.key.utf8.count + t.ids.count * 8
                if t.firstResponse != nil { size += SLAEngine.cycleSize }
                if t.nextResponse != nil { size += SLAEngine.cycleSize }
                if t.resolution != nil { size += SLAEngine.cycleSize }
            }
        }
        return size
    }

    private static func encode(_ c: Cycle, into w: inout StateWriter) {
        w.write(c.start.nanoseconds)
        w.write(c.budget.nanoseconds)
        w.write(c.consumed.nanoseconds)
        w.write(c.since.nanoseconds)
        w.write(c.deadline.nanoseconds)
        w.write(c.timerSeq)
        w.write(c.channel)
        w.write(c.calendar)
        var flags: UInt8 = 0
        if c.paused { flags |= pausedFlag }
        if c.warned { flags |= warnedFlag }
        if c.breached { flags |= breachedFlag }
        w.write(flags)
    }

    /// An engine with `settings` and the state `encodeState` wrote. Throws a `StateDecodingError`
    /// when the bytes are truncated, garbled or of another version, or when the configured
    /// channels differ (in names or order) from the saved ones, or a running cycle's calendar is
    /// no longer configured: the caller then rebuilds the state from the spool.
    public init(settings: EngineSettings, decodingState bytes: [UInt8]) throws {
        self.init(settings: settings)
        var r = StateReader(bytes)

        let magic = try r.read(rawCount: SLAEngine.stateMagic.count, "engine state magic")
        guard magic == SLAEngine.stateMagic else {
            throw StateDecodingError(.wrongMagic, at: 0, "not an engine state (magic \(magic))")
        }
        let version: UInt32 = try r.read("engine state version")
        guard SLAEngine.readableStateVersions.contains(version) else {
            throw StateDecodingError(.unsupportedVersion, at: r.offset - 4,
                                     "engine state version \(version), this build reads \(SLAEngine.readableStateVersions.lowerBound)"
                                        + " to \(SLAEngine.readableStateVersions.upperBound)")
        }

        let namesAt = r.offset
        let channelCount = try r.readCount("channel count", elementSize: 4, limit: Int(UInt16.max))
        var names: [String] = []
        for _ in 0..<channelCount { names.append(try r.readString("channel name")) }
        guard names == settings.channelNames else {
            throw StateDecodingError(.configurationMismatch, at: namesAt,
                                     "saved channels \(names) differ from the configured \(settings.channelNames)")
        }
        // Cycles name calendars by index into the settings: map saved indexes by calendar name.
        let calendarCount = try r.readCount("calendar count", elementSize: 4, limit: Int(Int16.max))
        var calendarMap: [Int16] = []
        for _ in 0..<calendarCount {
            let name = try r.readString("calendar name")
            calendarMap.append(settings.calendars.firstIndex { $0.definition.name == name }.map { Int16($0) } ?? -2)
        }

        clock = Instant(nanoseconds: try r.read("clock"))
        started = try r.readBool("started")
        currentDayStart = Instant(nanoseconds: try r.read("current day start"))
        nextRoll = Instant(nanoseconds: try r.read("next day roll"))
        forgotten = try r.read("forgotten count")
        nextSeq = try r.read("next sequence number", in: 1...UInt64(SLAEngine.counterLimit))
        compactThreshold = Int(try r.read("compact threshold", as: Int64.self, in: 0...Int64.max))
        minimumCompactThreshold = Int(try r.read("minimum compact threshold", as: Int64.self, in: 0...Int64.max))

        totals.applied = try SLAEngine.readCounter(&r, "applied count")
        totals.duplicate = try SLAEngine.readCounter(&r, "duplicate count")
        totals.rejected = try SLAEngine.readCounters(&r, "rejection counts", count: RejectReason.allCases.count)

        for c in channels.indices {
            var acc = ChannelAccumulator()
            acc.counters = try SLAEngine.readCounters(&r, "ticket counters", count: TicketCounter.allCases.count)
            acc.outcomes = try SLAEngine.readCounters(&r, "outcome counters", count: SLAKind.allCases.count * Outcome.allCases.count)
            acc.started = try SLAEngine.readCounters(&r, "started counters", count: SLAKind.allCases.count)
            acc.firstResponseSeconds = try Histogram(decoding: &r)
            acc.resolutionSeconds = try Histogram(decoding: &r)
            acc.windows = try FirstResponseWindows(decoding: &r)
            if version >= 2 { acc.recent = try RecentTraffic(decoding: &r) }
            channels[c] = acc
        }

        let slotCount = try r.readCount("ticket slot count", elementSize: 1, limit: Int(Int32.max))
        var tickets = ContiguousArray<TicketRecord>()
        tickets.reserveCapacity(slotCount)
        var live = 0
        for _ in 0..<slotCount {
            let at = r.offset
            let flags: UInt8 = try r.read("ticket flags")
            if flags == 0 {
                tickets.append(.free)
                continue
            }
            guard flags & SLAEngine.inUseFlag != 0, flags & ~SLAEngine.knownTicketFlags == 0 else {
                throw StateDecodingError.invalid("ticket flags", "\(flags)", at: at)
            }
            var t = TicketRecord.free
            t.inUse = true
            t.hasAgent = flags & SLAEngine.hasAgentFlag != 0
            t.firstResponded = flags & SLAEngine.firstRespondedFlag != 0
            t.key = try r.readString("ticket id")
            t.keyHash = try r.read("ticket id hash")
            t.ids = try EventIDSet(decoding: &r)
            t.created = Instant(nanoseconds: try r.read("ticket created"))
            t.lastEffective = Instant(nanoseconds: try r.read("ticket last effective time"))
            t.resolutionConsumed = TimeSpan(nanoseconds: try r.read("ticket resolution consumed"))
            t.forgetSeq = try r.read("ticket forget sequence number")
            t.channel = try SLAEngine.readChannel(&r, "ticket channel", channelCount: channelCount)
            t.priority = Priority(rawValue: try r.read("ticket priority", in: 0...Priority.urgent.rawValue))!
            t.phase = TicketPhase(rawValue: try r.read("ticket phase", in: 0...TicketPhase.abandoned.rawValue))!
            for kind in SLAKind.allCases where flags & (SLAEngine.cycleFlag << kind.rawValue) != 0 {
                t[kind] = try SLAEngine.decodeCycle(kind, &r, channelCount: channelCount, calendarMap: calendarMap)
            }
            tickets.append(t)
            live += 1
        }

        let freeAt = r.offset
        let freeSlots = try r.readArray(of: Int32.self, "free slots", limit: slotCount)
        var seen = [Bool](repeating: false, count: slotCount)
        for s in freeSlots {
            guard s >= 0, Int(s) < slotCount, !tickets[Int(s)].inUse, !seen[Int(s)] else {
                throw StateDecodingError.invalid("free slots", "slot \(s) is not a free slot, or listed twice", at: freeAt)
            }
            seen[Int(s)] = true
        }
        guard freeSlots.count == slotCount - live else {
            throw StateDecodingError.invalid("free slots", "\(freeSlots.count) listed, \(slotCount - live) free", at: freeAt)
        }

        let timersAt = r.offset
        let timerCount = try r.readCount("timer count", elementSize: SLAEngine.timerSize)
        var entries = ContiguousArray<TimerEntry>()
        entries.reserveCapacity(timerCount)
        for _ in 0..<timerCount {
            let instant: Int64 = try r.read("timer instant")
            let seq: UInt64 = try r.read("timer sequence number")
            let slotAt = r.offset
            let slot: Int32 = try r.read("timer slot")
            guard slot >= 0, Int(slot) < slotCount else {
                throw StateDecodingError.invalid("timer slot", "\(slot) is not one of the \(slotCount) slots", at: slotAt)
            }
            let action: UInt8 = try r.read("timer action", in: 0...TimerEntry.forget)
            entries.append(TimerEntry(instant: instant, seq: seq, slot: slot, action: action))
        }
        guard TimerHeap.isHeapOrdered(entries) else {
            throw StateDecodingError.invalid("timers", "not in heap order", at: timersAt)
        }
        try r.expectEnd("engine state")

        // The index is rebuilt rather than stored: lookups depend only on the keys.
        var index = TicketIndex(minimumCapacity: live)
        try tickets.withUnsafeBufferPointer { all in
            for s in all.indices where all[s].inUse {
                if index.find(all[s].key, hash: all[s].keyHash, matches: { all[Int($0)].keyHash == all[s].keyHash && all[Int($0)].key == all[s].key }) != nil {
                    throw StateDecodingError.invalid("tickets", "ticket \"\(all[s].key)\" stored twice", at: 0)
                }
                index.insert(slot: Int32(s), hash: all[s].keyHash) { all[Int($0)].keyHash }
            }
        }
        self.tickets = tickets
        self.index = index
        self.freeSlots = freeSlots
        self.timers = TimerHeap(heapOrdered: entries)
    }

    private static func decodeCycle(_ kind: SLAKind, _ r: inout StateReader, channelCount: Int, calendarMap: [Int16]) throws -> Cycle {
        let start = Instant(nanoseconds: try r.read("cycle start"))
        let budget = TimeSpan(nanoseconds: try r.read("cycle budget"))
        let consumed = TimeSpan(nanoseconds: try r.read("cycle consumed"))
        let since = Instant(nanoseconds: try r.read("cycle since"))
        let deadline = Instant(nanoseconds: try r.read("cycle deadline"))
        let timerSeq: UInt64 = try r.read("cycle timer sequence number")
        let channel = try readChannel(&r, "cycle channel", channelCount: channelCount)
        let calendarAt = r.offset
        var calendar: Int16 = try r.read("cycle calendar")
        if calendar != -1 {
            guard calendar >= 0, Int(calendar) < calendarMap.count, calendarMap[Int(calendar)] >= 0 else {
                throw StateDecodingError(.configurationMismatch, at: calendarAt,
                                         "a running cycle uses saved calendar \(calendar), which is not configured any more")
            }
            calendar = calendarMap[Int(calendar)]
        }
        let flagsAt = r.offset
        let flags: UInt8 = try r.read("cycle flags")
        guard flags & ~(pausedFlag | warnedFlag | breachedFlag) == 0 else {
            throw StateDecodingError.invalid("cycle flags", "\(flags)", at: flagsAt)
        }
        return Cycle(start: start, budget: budget, consumed: consumed, since: since, deadline: deadline, timerSeq: timerSeq,
                     channel: channel, calendar: calendar, kind: kind, paused: flags & pausedFlag != 0,
                     warned: flags & warnedFlag != 0, breached: flags & breachedFlag != 0)
    }

    private static func readChannel(_ r: inout StateReader, _ field: StaticString, channelCount: Int) throws -> UInt16 {
        let at = r.offset
        let channel: UInt16 = try r.read(field)
        guard Int(channel) < channelCount else {
            throw StateDecodingError.invalid("\(field)", "\(channel) is not one of the \(channelCount) channels", at: at)
        }
        return channel
    }

    private static func readCounter(_ r: inout StateReader, _ field: StaticString) throws -> Int {
        Int(try r.read(field, as: Int64.self, in: 0...counterLimit))
    }

    private static func readCounters(_ r: inout StateReader, _ field: StaticString, count: Int) throws -> [Int] {
        let at = r.offset
        let values = try r.readArray(of: Int64.self, field, limit: count)
        guard values.count == count else {
            throw StateDecodingError.invalid("\(field)", "\(values.count) values, expected \(count)", at: at)
        }
        for v in values where v < 0 || v > counterLimit {
            throw StateDecodingError.invalid("\(field)", "\(v) is out of range", at: at)
        }
        return values.map { Int($0) }
    }
}
