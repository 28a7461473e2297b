import PantauCore

/// Renders generated events as JSON Lines by hand: pre-rendered fragments for the fixed parts,
/// digits written directly, and the date part of the timestamp cached per day.
struct LineRenderer: Sendable {
    /// `","type":"NAME"` per `EventType.rawValue`.
    private let typeFragments: [[UInt8]]
    /// `,"channel":"NAME"` per channel index.
    private let channelFragments: [[UInt8]]
    /// `,"priority":"NAME"` per `Priority.rawValue`.
    private let priorityFragments: [[UInt8]]
    /// The UTC day whose `YYYY-MM-DDT` is in `datePrefix`.
    private var cachedDay: Int64 = .min
    private var datePrefix: [UInt8] = []

    init(channelNames: [String]) {
        typeFragments = EventType.allCases.map { Array("\",\"type\":\"\($0.name)\"".utf8) }
        channelFragments = channelNames.map { name in
            var f = Array(",\"channel\":".utf8)
            ByteWriter.appendJSONString(name, to: &f)
            return f
        }
        priorityFragments = Priority.allCases.map { Array(",\"priority\":\"\($0.name)\"".utf8) }
    }

    /// Appends `e` as one line, LF included. Fields: id, ts, ticket, type, then channel
    /// (created, transferred), priority (created, priority_changed), agent (assigned, agent_reply).
    mutating func render(_ e: PendingEvent, into out: inout [UInt8]) {
        LineRenderer.append("{\"id\":\"e", into: &out)
        LineRenderer.appendInteger(e.ticket, into: &out)
        out.append(0x2D)
        LineRenderer.appendInteger(Int64(e.index), into: &out)
        LineRenderer.append("\",\"ts\":\"", into: &out)
        appendTimestamp(e.time, into: &out)
        LineRenderer.append("\",\"ticket\":\"t", into: &out)
        LineRenderer.appendInteger(e.ticket, into: &out)
        out.append(contentsOf: typeFragments[Int(e.type.rawValue)])
        if e.type.requiresChannel { out.append(contentsOf: channelFragments[Int(e.channel)]) }
        if e.type.usesPriority { out.append(contentsOf: priorityFragments[Int(e.priority.rawValue)]) }
        if e.type.usesAgent, e.agent > 0 {
            LineRenderer.append(",\"agent\":\"", into: &out)
            LineRenderer.appendAgent(e.agent, into: &out)
            out.append(0x22)
        }
        out.append(0x7D)
        out.append(0x0A)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.mmmZ` for `ms` milliseconds since the epoch (UTC).
    mutating func appendTimestamp(_ ms: Int64, into out: inout [UInt8]) {
        var day = ms / LocalClock.dayMs
        var rem = ms - day * LocalClock.dayMs
        if rem < 0 { rem += LocalClock.dayMs; day -= 1 }
        if day != cachedDay {
            cachedDay = day
            datePrefix.removeAll(keepingCapacity: true)
            let (y, m, d) = CivilDate.civilFromDays(Int(day))
            LineRenderer.appendPadded(Int64(y), width: 4, into: &datePrefix)
            datePrefix.append(0x2D)
            LineRenderer.appendPadded(Int64(m), width: 2, into: &datePrefix)
            datePrefix.append(0x2D)
            LineRenderer.appendPadded(Int64(d), width: 2, into: &datePrefix)
            datePrefix.append(0x54)
        }
        out.append(contentsOf: datePrefix)
        let seconds = rem / 1000
        LineRenderer.appendPadded(seconds / 3600, width: 2, into: &out)
        out.append(0x3A)
        LineRenderer.appendPadded(seconds / 60 % 60, width: 2, into: &out)
        out.append(0x3A)
        LineRenderer.appendPadded(seconds % 60, width: 2, into: &out)
        out.append(0x2E)
        LineRenderer.appendPadded(rem % 1000, width: 3, into: &out)
        out.append(0x5A)
    }

    /// Appends `agNNN` (at least three digits).
    static func appendAgent(_ n: Int32, into out: inout [UInt8]) {
        out.append(0x61)
        out.append(0x67)
        appendPadded(Int64(n), width: 3, into: &out)
    }

    /// Appends a non-negative integer in decimal.
    @inline(__always) static func appendInteger(_ value: Int64, into out: inout [UInt8]) {
        appendPadded(value, width: 1, into: &out)
    }

    /// Appends a non-negative integer with at least `width` (≤ 20) digits, zero-padded.
    static func appendPadded(_ value: Int64, width: Int, into out: inout [UInt8]) {
        // Digits are written backwards into a stack buffer and appended in one copy.
        var buffer: (UInt64, UInt64, UInt64) = (0x3030_3030_3030_3030, 0x3030_3030_3030_3030, 0x3030_3030_3030_3030)
        withUnsafeMutableBytes(of: &buffer) { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var x = UInt64(max(0, value))
            var i = 23
            repeat {
                p[i] = UInt8(truncatingIfNeeded: 0x30 &+ x % 10)
                x /= 10
                i -= 1
            } while x > 0
            let n = max(23 - i, min(width, 20))
            out.append(contentsOf: UnsafeBufferPointer(start: p + (24 - n), count: n))
        }
    }

    /// Appends the bytes of a literal.
    @inline(__always) static func append(_ s: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
