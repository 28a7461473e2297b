/// Turns one JSON Lines line into an event or a rejection reason, checking in the order of
/// SPEC §2. Hand-written over bytes: no `JSONDecoder`, no formatter, and no allocation unless a
/// string holds escapes. The hot path (`parse(_:_:)`) does not even build a `String` for the
/// ticket id: the event it hands on borrows the id's bytes from the line.
public struct EventParser {
    /// The configured channel names; an event's `channel` must be one of them.
    public let channelNames: [String]
    /// Longest accepted line, line end not counted (at most `FieldSpans.maxLineBytes`).
    public let maxLineBytes: Int
    private let channels: NameTable
    private let types = NameTable(EventType.allCases.map { Array($0.name.utf8) })
    /// The event types in `types`' order.
    private let typeValues = EventType.allCases
    private let priorities = NameTable(Priority.allCases.map { Array($0.name.utf8) })
    /// Scratch space for decoding strings that contain escapes.
    private var scratch: [UInt8] = []
    /// The decoded ticket id when it contains escapes (kept apart: later fields reuse `scratch`).
    private var ticketScratch: [UInt8] = []
    private var dayCache = DayCache()

    // Field slots, as `JSONScanner.knownKeyFast()` numbers them.
    static let idSlot = 1, tsSlot = 2, ticketSlot = 3, typeSlot = 4, channelSlot = 5, prioritySlot = 6, agentSlot = 7

    public init(channelNames: [String], maxLineBytes: Int = 64 * 1024) {
        self.channelNames = channelNames
        self.maxLineBytes = min(maxLineBytes, FieldSpans.maxLineBytes)
        self.channels = NameTable(channelNames.map { Array($0.utf8) })
    }

    /// What `scan` found: an event whose ticket id lies in the line (or, when `ticketInScratch`,
    /// in `ticketScratch`), or a rejection.
    private enum Scanned {
        case event(EventView, ticketInScratch: Bool)
        case rejected(RejectReason)
    }

    /// Parses a line without its LF (a trailing CR is dropped) and calls `body` with the result,
    /// the ticket id borrowed from `line`: no `String` is built. The view is valid only inside `body`.
    public mutating func parse(_ line: UnsafeBufferPointer<UInt8>, _ body: (ParsedLine) -> Void) {
        switch scan(line) {
        case .rejected(let reason): body(.rejected(reason))
        case .event(let view, let inScratch):
            if !inScratch { return body(.event(view)) }
            ticketScratch.withUnsafeBufferPointer { ticket in
                var v = view
                v.ticket = ticket
                body(.event(v))
            }
        }
    }

    /// Parses a line without its LF; a trailing CR is dropped.
    public mutating func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParseOutcome {
        var outcome = ParseOutcome.rejected(.invalidJSON)
        parse(line) { parsed in
            switch parsed {
            case .event(let view): outcome = .event(Event(view))
            case .rejected(let reason): outcome = .rejected(reason)
            }
        }
        return outcome
    }

    /// Parses a line given as a string (tests, tools).
    public mutating func parse(_ line: String) -> ParseOutcome {
        var copy = line
        return copy.withUTF8 { parse($0) }
    }

    private mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Scanned {
        var p = line
        if let last = p.last, last == 0x0D { p = UnsafeBufferPointer(rebasing: p.dropLast()) }
        if p.count > maxLineBytes { return .rejected(.lineTooLong) }
        let fields: FieldSpans
        if let (compact, sawNonASCII) = CompactLineScanner.scan(p) {
            // The usual compact line: valid JSON; an ASCII line is valid UTF-8 as well.
            if sawNonASCII && !UTF8Validator.isValid(p) { return .rejected(.invalidUTF8) }
            fields = compact
        } else {
            if !UTF8Validator.isValid(p) { return .rejected(.invalidUTF8) }
            guard let general = scanFields(p) else { return .rejected(.invalidJSON) }
            fields = general
        }
        return check(p, fields)
    }

    /// Walks the whole line as JSON (RFC 8259) and records where the known fields lie; nil when the
    /// line is not one valid JSON object. A repeated key keeps its last value. The general path:
    /// any JSON `CompactLineScanner` does not take.
    mutating func scanFields(_ p: UnsafeBufferPointer<UInt8>) -> FieldSpans? {
        var fields = FieldSpans()
        var s = JSONScanner(p)
        guard s.consume(0x7B) else { return nil }
        s.skipWhitespace()
        if s.peek() == 0x7D {
            s.i += 1
        } else {
            // The fast paths below take compact JSON (no whitespace between tokens) without the
            // general whitespace skipping; anything else falls through to it.
            while true {
                if s.peek() != 0x22 { s.skipWhitespace() }
                let slot: Int
                if let fast = s.knownKeyFast() {
                    slot = fast
                } else {
                    guard let key = s.scanString() else { return nil }
                    slot = knownKey(p, key)
                }
                if s.peek() == 0x3A { s.i += 1 } else { guard s.consume(0x3A) else { return nil } }
                // Values of unknown keys land in slot 0, which is never read.
                if s.peek() == 0x22 {
                    guard let str = s.scanString() else { return nil }
                    fields.setString(slot, start: str.start, end: str.end, escaped: str.escaped)
                } else {
                    switch s.valueKind() {
                    case .string:
                        guard let str = s.scanString() else { return nil }
                        fields.setString(slot, start: str.start, end: str.end, escaped: str.escaped)
                    case .null:
                        guard s.skipValue() else { return nil }
                        fields.set(slot, FieldSpans.absent)
                    case .other:
                        guard s.skipValue() else { return nil }
                        fields.set(slot, FieldSpans.other)
                    }
                }
                var next = s.peek()
                if next != 0x2C && next != 0x7D {
                    s.skipWhitespace()
                    next = s.peek()
                }
                guard let c = next else { return nil }
                s.i += 1
                if c == 0x7D { break }
                guard c == 0x2C else { return nil }
            }
        }
        s.skipWhitespace()
        guard s.atEnd else { return nil }
        return fields
    }

    /// The field checks of SPEC §2, in its order, on a line that is valid JSON.
    private mutating func check(_ p: UnsafeBufferPointer<UInt8>, _ f: FieldSpans) -> Scanned {
        // missing_field: the four required fields, and `channel` where a known type needs it.
        let typeKind = f.kind(EventParser.typeSlot)
        if f.kind(EventParser.idSlot) == FieldSpans.absent || f.kind(EventParser.tsSlot) == FieldSpans.absent
            || f.kind(EventParser.ticketSlot) == FieldSpans.absent || typeKind == FieldSpans.absent {
            return .rejected(.missingField)
        }
        // invalid_field for a type that is not a string; an undecodable one (lone surrogate) is
        // invalid_field at once, an unknown name is unknown_type, but only after the other checks.
        guard typeKind != FieldSpans.other else { return .rejected(.invalidField) }
        let types = self.types
        guard let typeIndex = withField(p, f, EventParser.typeSlot, { b, s, e in Optional(types.index(in: b, s, e)) }) else {
            return .rejected(.invalidField)
        }
        let eventType = typeIndex.map { typeValues[$0] }
        if let t = eventType, t.requiresChannel, f.kind(EventParser.channelSlot) == FieldSpans.absent {
            return .rejected(.missingField)
        }

        // invalid_field: wrong JSON types, malformed ts, ids out of bounds.
        guard let idHash = withField(p, f, EventParser.idSlot, { b, s, e in
                  (1...128).contains(e - s) ? StableHash.hash(bytes: UnsafeBufferPointer(rebasing: b[s..<e])) : nil }),
              f.isString(EventParser.ticketSlot)
        else { return .rejected(.invalidField) }
        let (ticketStart, ticketEnd) = f.span(EventParser.ticketSlot)
        let ticketEscaped = f.kind(EventParser.ticketSlot) == FieldSpans.escaped
        guard let ticketHash = ticketEscaped ? decodeTicket(p, ticketStart, ticketEnd)
                  : EventParser.ticketHash(UnsafeBufferPointer(rebasing: p[ticketStart..<ticketEnd])),
              f.kind(EventParser.tsSlot) == FieldSpans.plain
        else { return .rejected(.invalidField) }
        let (tsStart, tsEnd) = f.span(EventParser.tsSlot)
        guard let timestamp = RFC3339.parse(UnsafeBufferPointer(rebasing: p[tsStart..<tsEnd]), dayCache: &dayCache) else {
            return .rejected(.invalidField)
        }
        guard let eventType else { return .rejected(.unknownType) }
        // The channel's index; -1 for a name that is not configured (unknown_channel, later).
        var channelIndex: Int?
        if eventType.requiresChannel {
            let channels = self.channels
            guard let index = withField(p, f, EventParser.channelSlot, { b, s, e in channels.index(in: b, s, e) ?? -1 }) else {
                return .rejected(.invalidField)
            }
            channelIndex = index
        }
        // The priority; nil inside for a name that is not one (unknown_priority, later).
        var priorityLookup: Priority??
        if eventType.usesPriority, f.kind(EventParser.prioritySlot) != FieldSpans.absent {
            let priorities = self.priorities
            guard let found = withField(p, f, EventParser.prioritySlot, { b, s, e in
                Optional(priorities.index(in: b, s, e).map { Priority(rawValue: UInt8(truncatingIfNeeded: $0))! }) })
            else { return .rejected(.invalidField) }
            priorityLookup = found
        }
        var hasAgent = false
        if eventType.usesAgent, f.kind(EventParser.agentSlot) != FieldSpans.absent {
            guard withField(p, f, EventParser.agentSlot, { _, _, _ in true }) != nil else { return .rejected(.invalidField) }
            hasAgent = true
        }
        if channelIndex == -1 { return .rejected(.unknownChannel) }
        if let lookup = priorityLookup, lookup == nil { return .rejected(.unknownPriority) }
        let ticketBytes = ticketEscaped ? UnsafeBufferPointer(start: nil, count: 0) : UnsafeBufferPointer(rebasing: p[ticketStart..<ticketEnd])
        return .event(EventView(
            idHash: idHash, timestamp: timestamp, ticket: ticketBytes, ticketHash: ticketHash, type: eventType, channel: channelIndex,
            priority: priorityLookup ?? nil, hasAgent: hasAgent), ticketInScratch: ticketEscaped)
    }

    /// The hash of a ticket id's bytes, or nil when its length is out of bounds.
    @inline(__always)
    private static func ticketHash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64? {
        (1...128).contains(b.count) ? StableHash.hash(bytes: b) : nil
    }

    /// Decodes an escaped ticket id into `ticketScratch`; its hash, or nil when it holds a lone
    /// surrogate or its length is out of bounds.
    private mutating func decodeTicket(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        guard EventParser.decodeEscaped(p, start, end, into: &ticketScratch) else { return nil }
        return ticketScratch.withUnsafeBufferPointer { EventParser.ticketHash($0) }
    }

    /// Which known field a key names: 0 none, 1 id, 2 ts, 3 ticket, 4 type, 5 channel, 6 priority, 7 agent.
    private mutating func knownKey(_ p: UnsafeBufferPointer<UInt8>, _ key: (start: Int, end: Int, escaped: Bool)) -> Int {
        if key.escaped {
            guard EventParser.decodeEscaped(p, key.start, key.end, into: &scratch) else { return 0 }
            return scratch.withUnsafeBufferPointer { EventParser.keySlot($0) }
        }
        return EventParser.keySlot(UnsafeBufferPointer(rebasing: p[key.start..<key.end]))
    }

    private static func keySlot(_ k: UnsafeBufferPointer<UInt8>) -> Int {
        switch k.count {
        case 2:
            if k[0] == 0x69 && k[1] == 0x64 { return 1 }  // id
            if k[0] == 0x74 && k[1] == 0x73 { return 2 }  // ts
        case 4: if equals(k, "type") { return 4 }
        case 5: if equals(k, "agent") { return 7 }
        case 6: if equals(k, "ticket") { return 3 }
        case 7: if equals(k, "channel") { return 5 }
        case 8: if equals(k, "priority") { return 6 }
        default: break
        }
        return 0
    }

    private static func equals(_ k: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard k.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<k.count where k[i] != w[i] { return false }
        return true
    }

    /// Calls `body` with the buffer and the span of a string field's content, escapes decoded (then
    /// the span is all of `scratch`). nil when the field is not a string, holds an escape that
    /// names no Unicode scalar (a lone surrogate), or `body` returns nil.
    @inline(__always)
    mutating func withField<R>(_ p: UnsafeBufferPointer<UInt8>, _ f: FieldSpans, _ slot: Int,
                                       _ body: (UnsafeBufferPointer<UInt8>, Int, Int) -> R?) -> R? {
        let kind = f.kind(slot)
        let (start, end) = f.span(slot)
        if kind == FieldSpans.plain { return body(p, start, end) }
        guard kind == FieldSpans.escaped, EventParser.decodeEscaped(p, start, end, into: &scratch) else { return nil }
        return scratch.withUnsafeBufferPointer { body($0, 0, $0.count) }
    }

    /// Decodes an escaped string's content into `scratch`; false on a lone surrogate.
    private static func decodeEscaped(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into scratch: inout [UInt8]) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            let c = p[i]
            if c != 0x5C { scratch.append(c); i += 1; continue }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x75:
                var scalar = hex4(p, i)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 6 <= end, p[i] == 0x5C, p[i + 1] == 0x75 else { return false }
                    let low = hex4(p, i + 2)
                    guard low >= 0xDC00 && low <= 0xDFFF else { return false }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    return false
                }
                guard let u = Unicode.Scalar(scalar) else { return false }
                scratch.append(contentsOf: UTF8.encode(u)!)
            default: scratch.append(e)  // " \ /
            }
        }
        return true
    }

    private static func hex4(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 4 | (JSONScanner.hexValue(p[i + k]) ?? 0) }
        return v
    }
}
