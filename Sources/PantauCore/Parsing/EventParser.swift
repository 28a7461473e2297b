#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one JSON Lines line into an `Event` or a rejection reason, checking in the order of
/// SPEC §2. Hand-written over bytes: no `JSONDecoder`, no formatter, no allocation for lines whose
/// strings carry no escapes beyond the `String`s of the event itself.
public struct EventParser {
    /// The configured channel names; an event's `channel` must be one of them.
    public let channelNames: [String]
    /// Longest accepted line, line end not counted.
    public let maxLineBytes: Int
    private let channelBytes: [[UInt8]]
    /// Scratch space for decoding strings that contain escapes.
    private var scratch: [UInt8] = []
    private var dayCache = DayCache()

    public init(channelNames: [String], maxLineBytes: Int = 64 * 1024) {
        self.channelNames = channelNames
        self.maxLineBytes = maxLineBytes
        self.channelBytes = channelNames.map { Array($0.utf8) }
    }

    /// A captured field value: where its string content lies, or what else it was.
    private enum Field {
        case absent
        case string(start: Int, end: Int, escaped: Bool)
        case other
    }

    /// Parses a line without its LF; a trailing CR is dropped.
    public mutating func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParseOutcome {
        var p = line
        if let last = p.last, last == 0x0D { p = UnsafeBufferPointer(rebasing: p.dropLast()) }
        if p.count > maxLineBytes { return .rejected(.lineTooLong) }
        if !UTF8Validator.isValid(p) { return .rejected(.invalidUTF8) }

        var id = Field.absent, ts = Field.absent, ticket = Field.absent, type = Field.absent
        var channel = Field.absent, priority = Field.absent, agent = Field.absent
        var s = JSONScanner(p)
        guard s.consume(0x7B) else { return .rejected(.invalidJSON) }
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
                    guard let key = s.scanString() else { return .rejected(.invalidJSON) }
                    slot = knownKey(p, key)
                }
                if s.peek() == 0x3A { s.i += 1 } else { guard s.consume(0x3A) else { return .rejected(.invalidJSON) } }
                let valueStart = s.i
                let kind: JSONScanner.ValueKind = s.peek() == 0x22 ? .string : s.valueKind()
                var captured = Field.other
                if slot != 0 {
                    switch kind {
                    case .string:
                        guard let str = s.scanString() else { return .rejected(.invalidJSON) }
                        captured = .string(start: str.start, end: str.end, escaped: str.escaped)
                    case .null:
                        guard s.skipValue() else { return .rejected(.invalidJSON) }
                        captured = .absent
                    case .other:
                        guard s.skipValue() else { return .rejected(.invalidJSON) }
                    }
                    switch slot {
                    case 1: id = captured
                    case 2: ts = captured
                    case 3: ticket = captured
                    case 4: type = captured
                    case 5: channel = captured
                    case 6: priority = captured
                    default: agent = captured
                    }
                } else {
                    s.i = valueStart
                    guard s.skipValue() else { return .rejected(.invalidJSON) }
                }
                var next = s.peek()
                if next != 0x2C && next != 0x7D {
                    s.skipWhitespace()
                    next = s.peek()
                }
                guard let c = next else { return .rejected(.invalidJSON) }
                s.i += 1
                if c == 0x7D { break }
                guard c == 0x2C else { return .rejected(.invalidJSON) }
            }
        }
        s.skipWhitespace()
        guard s.atEnd else { return .rejected(.invalidJSON) }

        // missing_field: the four required fields, and `channel` where a known type needs it.
        if case .absent = id { return .rejected(.missingField) }
        if case .absent = ts { return .rejected(.missingField) }
        if case .absent = ticket { return .rejected(.missingField) }
        if case .absent = type { return .rejected(.missingField) }
        var eventType: EventType?
        if case .string = type {
            // Outer nil: not decodable (invalid_field); inner nil: an unknown name (unknown_type, later).
            guard let t = withField(p, type, { Optional(EventParser.eventType($0)) }) else { return .rejected(.invalidField) }
            eventType = t
        }
        if let t = eventType, t.requiresChannel, case .absent = channel { return .rejected(.missingField) }

        // invalid_field: wrong JSON types, malformed ts, ids out of bounds.
        guard case .string = type else { return .rejected(.invalidField) }
        guard let idHash = withField(p, id, { (1...128).contains($0.count) ? StableHash.hash(bytes: $0) : nil }),
              let (ticketID, ticketHash) = withField(p, ticket, { b in
                  (1...128).contains(b.count) ? (String(decoding: b, as: UTF8.self), StableHash.hash(bytes: b)) : nil }),
              case .string(let tsStart, let tsEnd, let tsEscaped) = ts, !tsEscaped,
              let timestamp = RFC3339.parse(UnsafeBufferPointer(rebasing: p[tsStart..<tsEnd]), dayCache: &dayCache)
        else { return .rejected(.invalidField) }
        guard let eventType else { return .rejected(.unknownType) }
        // Channel lookup result: -1 unknown.
        var channelIndex: Int?
        if eventType.requiresChannel {
            let names = channelBytes
            guard let index = withField(p, channel, { EventParser.lookupChannel(names, $0) ?? -1 }) else { return .rejected(.invalidField) }
            channelIndex = index
        }
        // Priority lookup result: nil inside = unknown.
        var priorityLookup: Priority??
        if eventType.usesPriority, !isAbsent(priority) {
            guard let found = withField(p, priority, { Optional(EventParser.priority($0)) }) else {
                return .rejected(.invalidField)
            }
            priorityLookup = found
        }
        var hasAgent = false
        if eventType.usesAgent, !isAbsent(agent) {
            guard withField(p, agent, { _ in true }) != nil else { return .rejected(.invalidField) }
            hasAgent = true
        }
        if channelIndex == -1 { return .rejected(.unknownChannel) }
        if let lookup = priorityLookup, lookup == nil { return .rejected(.unknownPriority) }
        return .event(Event(
            idHash: idHash, timestamp: timestamp, ticket: ticketID, ticketHash: ticketHash, type: eventType, channel: channelIndex,
            priority: priorityLookup ?? nil, hasAgent: hasAgent))
    }

    /// Parses a line given as a string (tests, tools).
    public mutating func parse(_ line: String) -> ParseOutcome {
        var copy = line
        return copy.withUTF8 { parse($0) }
    }

    private func isAbsent(_ f: Field) -> Bool {
        if case .absent = f { return true }
        return false
    }

    /// Which known field a key names: 0 none, 1 id, 2 ts, 3 ticket, 4 type, 5 channel, 6 priority, 7 agent.
    private mutating func knownKey(_ p: UnsafeBufferPointer<UInt8>, _ key: (start: Int, end: Int, escaped: Bool)) -> Int {
        if key.escaped {
            return withField(p, .string(start: key.start, end: key.end, escaped: true)) { EventParser.keySlot($0) } ?? 0
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

    private static func eventType(_ k: UnsafeBufferPointer<UInt8>) -> EventType? {
        guard let i = find(k, in: typeNames) else { return nil }
        return EventType(rawValue: UInt8(i))
    }

    private static func lookupChannel(_ names: [[UInt8]], _ k: UnsafeBufferPointer<UInt8>) -> Int? {
        find(k, in: names)
    }

    private static let priorityNames: [[UInt8]] = Priority.allCases.map { Array($0.name.utf8) }
    private static let typeNames: [[UInt8]] = EventType.allCases.map { Array($0.name.utf8) }

    private static func priority(_ b: UnsafeBufferPointer<UInt8>) -> Priority? {
        guard let i = find(b, in: priorityNames) else { return nil }
        return Priority(rawValue: UInt8(i))
    }

    /// The index of the name equal to `b`, compared by length and then `memcmp`.
    @inline(__always) private static func find(_ b: UnsafeBufferPointer<UInt8>, in names: [[UInt8]]) -> Int? {
        for (i, name) in names.enumerated() where name.count == b.count {
            let equal = name.withUnsafeBufferPointer { n in
                b.count == 0 || memcmp(n.baseAddress!, b.baseAddress!, b.count) == 0
            }
            if equal { return i }
        }
        return nil
    }

    /// Calls `body` with the bytes of a string field, escapes decoded. nil when the field is not a
    /// string, holds an escape that names no Unicode scalar (a lone surrogate), or `body` returns nil.
    @inline(__always)
    private mutating func withField<R>(_ p: UnsafeBufferPointer<UInt8>, _ f: Field,
                                       _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        guard case .string(let start, let end, let escaped) = f else { return nil }
        if !escaped { return body(UnsafeBufferPointer(rebasing: p[start..<end])) }
        guard decodeEscaped(p, start, end) else { return nil }
        return scratch.withUnsafeBufferPointer { body($0) }
    }

    /// Decodes an escaped string's content into `scratch`; false on a lone surrogate.
    private mutating func decodeEscaped(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
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

    private func hex4(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 4 | (JSONScanner.hexValue(p[i + k]) ?? 0) }
        return v
    }
}
