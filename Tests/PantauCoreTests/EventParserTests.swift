import Testing
@testable import PantauCore

@Suite struct EventParserTests {
    var parser = EventParser(channelNames: ["hotline", "chat", "web_form"], maxLineBytes: 200)

    func reason(_ line: String) -> RejectReason? {
        var p = parser
        if case .rejected(let r) = p.parse(line) { return r }
        return nil
    }

    func event(_ line: String) -> Event? {
        var p = parser
        if case .event(let e) = p.parse(line) { return e }
        return nil
    }

    @Test func parsesACreatedEvent() throws {
        let e = try #require(event(#"{"id":"e1","ts":"2026-03-02T08:00:00Z","ticket":"t1","type":"created","channel":"chat","priority":"high"}"#))
        #expect(e.idHash == StableHash.hash("e1"))
        #expect(e.ticket == "t1")
        #expect(e.type == .created)
        #expect(e.channel == 1)
        #expect(e.priority == .high)
        #expect(e.timestamp == RFC3339.parse("2026-03-02T08:00:00Z"))
    }

    @Test func acceptsEscapesSurrogatePairsAndSkipsUnknownValues() throws {
        let line = #"{"x":[1,-2.5e3,{"a":[true,false,null,{}]},[],"\"q\""],"\u0069d":"\u00e9\ud83d\ude00","ts":"2026-03-02T08:00:00.123456789+07:00","ticket":"t\/1","type":"assigned","agent":"ag\n","n":-0.0E+1}"#
        let e = try #require(event(line))
        #expect(e.idHash == StableHash.hash("é😀"))
        #expect(e.ticket == "t/1")
        #expect(e.hasAgent)
        #expect(e.timestamp.nanoseconds % 1_000_000_000 == 123_456_789)
        #expect(e.timestamp == Instant(seconds: RFC3339.parse("2026-03-02T01:00:00Z")!.seconds) + TimeSpan(nanoseconds: 123_456_789))
    }

    @Test func dropsCarriageReturnAndIgnoresFieldsTypesDoNotUse() throws {
        let e = try #require(event(#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending","channel":5,"priority":"bogus","agent":[]}"# + "\r"))
        #expect(e.type == .pending && e.channel == nil && e.priority == nil && !e.hasAgent)
    }

    @Test func nullCountsAsAbsent() {
        #expect(reason(#"{"id":null,"ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#) == .missingField)
        let e = event(#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"chat","priority":null}"#)
        #expect(e?.priority == nil)
    }

    @Test(arguments: [
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"chat","pad":""# + String(repeating: "x", count: 200) + #""}"#, RejectReason.lineTooLong),
        ("{\"id\":\"\u{FFFD}\"}", RejectReason.missingField),
        ("", .invalidJSON),
        ("   ", .invalidJSON),
        ("[1,2]", .invalidJSON),
        ("\"str\"", .invalidJSON),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"} x"#, .invalidJSON),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending",}"#, .invalidJSON),
        (#"{"id":"e\x","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#, .invalidJSON),
        (#"{"id":01,"ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#, .invalidJSON),
        (#"{"ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#, .missingField),
        (#"{"id":"e","ticket":"t","type":"pending"}"#, .missingField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","type":"pending"}"#, .missingField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t"}"#, .missingField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created"}"#, .missingField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"transferred","channel":null}"#, .missingField),
        (#"{"id":7,"ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02 08:00:00Z","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":"2026-02-30T08:00:00Z","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00.1234567890Z","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":1700000000,"ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":5}"#, .invalidField),
        (#"{"id":"\ud800","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":3}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"chat","priority":1}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"assigned","agent":{}}"#, .invalidField),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"teleported"}"#, .unknownType),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"fax"}"#, .unknownChannel),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"chat","priority":"asap"}"#, .unknownPriority),
        (#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"priority_changed","priority":"asap"}"#, .unknownPriority),
    ])
    func rejects(line: String, expected: RejectReason) {
        #expect(reason(line) == expected)
    }

    @Test func rejectsInvalidUTF8BeforeJSON() {
        var p = parser
        for bytes: [UInt8] in [[0x7B, 0xC0, 0xAF, 0x7D], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] {
            let r = bytes.withUnsafeBufferPointer { p.parse($0) }
            #expect(r == .rejected(.invalidUTF8))
        }
    }

    @Test func checksInTheOrderOfTheSpec() {
        // Unknown type and unknown channel together: unknown_type comes first.
        #expect(reason(#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"zap","channel":"fax"}"#) == .unknownType)
        // Malformed ts and unknown type: invalid_field first.
        #expect(reason(#"{"id":"e","ts":"yesterday","ticket":"t","type":"zap"}"#) == .invalidField)
        // Missing ticket and a bad id: missing_field first.
        #expect(reason(#"{"id":5,"ts":"2026-03-02T08:00:00Z","type":"pending"}"#) == .missingField)
        // Unknown channel and unknown priority: channel first.
        #expect(reason(#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"fax","priority":"x"}"#) == .unknownChannel)
        // Too long and invalid UTF-8: length first.
        var p = EventParser(channelNames: [], maxLineBytes: 4)
        let r = [UInt8]([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).withUnsafeBufferPointer { p.parse($0) }
        #expect(r == .rejected(.lineTooLong))
    }

    @Test func idAndTicketBounds() {
        let max = String(repeating: "a", count: 128)
        var p = EventParser(channelNames: [], maxLineBytes: 1000)
        if case .event = p.parse(#"{"id":"\#(max)","ts":"2026-03-02T08:00:00Z","ticket":"\#(max)","type":"pending"}"#) {} else {
            Issue.record("128-byte id and ticket must be accepted")
        }
        let r = p.parse(#"{"id":"\#(max)a","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"pending"}"#)
        #expect(r == .rejected(.invalidField))
    }

    @Test func deeplyNestedUnknownFieldsDoNotOverflow() {
        var p = EventParser(channelNames: [], maxLineBytes: 1 << 20)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let ok = p.parse(#"{"x":\#(deep),"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"open"}"#)
        if case .event = ok {} else { Issue.record("expected an event, got \(ok)") }
        let bad = p.parse(#"{"x":\#(String(repeating: "[", count: 50_000)),"id":"e"}"#)
        #expect(bad == .rejected(.invalidJSON))
    }

    @Test func nearMissKeysAreUnknownFields() throws {
        // Names that share a prefix with a known one must not be taken for it.
        let e = try #require(event(#"{"idx":1,"tsz":2,"typed":3,"tickets":4,"agents":5,"channels":6,"priorityx":7,"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"open"}"#))
        #expect(e.idHash == StableHash.hash("e") && e.type == .open)
        #expect(reason(#"{"idx":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"open"}"#) == .missingField)
        #expect(reason(#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channels":"chat"}"#) == .missingField)
    }

    @Test func knownKeysAnywhereInTheLineAndEscaped() throws {
        // At the very end of a line (too close for the 8-byte path) and spelled with escapes.
        let e = try #require(event(#"{"ts":"2026-03-02T08:00:00Z","ticket":"t","type":"created","channel":"chat","id":"e"}"#))
        #expect(e.ticket == "t" && e.channel == 1)
        let f = try #require(event(#"{ "id" : "e" , "ts" : "2026-03-02T08:00:00Z" , "ticket" : "t" , "type" : "assigned" , "agent" : "a" }"#))
        #expect(f.hasAgent)
        let g = try #require(event(#"{"id":"e","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"priority_changed","priority":"urgent"}"#))
        #expect(g.priority == .urgent)
    }

    @Test func timestampsSharingAMinutePrefixStillParseExactly() throws {
        var p = EventParser(channelNames: [], maxLineBytes: 1000)
        func ts(_ t: String) -> Instant? {
            if case .event(let e) = p.parse(#"{"id":"e","ts":"\#(t)","ticket":"t","type":"open"}"#) { return e.timestamp }
            return nil
        }
        #expect(ts("2026-03-29T01:59:59Z") == RFC3339.parse("2026-03-29T01:59:59Z"))
        #expect(ts("2026-03-29T01:59:00.5+02:00") == RFC3339.parse("2026-03-28T23:59:00.5Z"))
        #expect(ts("2026-03-29T01:59:61Z") == nil)  // cached prefix, bad second
        #expect(ts("2026-02-29T01:59:00Z") == nil)  // other prefix, no such day
        #expect(ts("2026-03-29T01:59:07-01:30") == RFC3339.parse("2026-03-29T03:29:07Z"))
    }

    @Test func lastDuplicateKeyWins() {
        let e = event(#"{"id":"a","id":"b","ts":"2026-03-02T08:00:00Z","ticket":"t","type":"open"}"#)
        #expect(e?.idHash == StableHash.hash("b"))
    }
}

@Suite struct RFC3339Tests {
    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == Instant(seconds: 0))
        #expect(RFC3339.parse("1970-01-01T07:00:00+07:00") == Instant(seconds: 0))
        #expect(RFC3339.parse("1969-12-31T23:30:00-00:30") == Instant(seconds: 0))
        #expect(RFC3339.parse("2024-02-29T12:00:00.5z") == Instant(nanoseconds: 1_709_208_000_500_000_000))
        #expect(RFC3339.parse("2016-12-31T23:59:60Z") == RFC3339.parse("2017-01-01T00:00:00Z"))
        #expect(RFC3339.parse("2023-02-29T12:00:00Z") == nil)
        #expect(RFC3339.parse("2026-01-01T24:00:00Z") == nil)
        #expect(RFC3339.parse("2026-01-01T10:00:00+24:00") == nil)
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") == nil)
    }

    @Test func formatsUTCWithMinimalFraction() {
        #expect(RFC3339.format(Instant(seconds: 0)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(Instant(nanoseconds: 1_709_208_000_500_000_000)) == "2024-02-29T12:00:00.5Z")
        #expect(RFC3339.format(Instant(nanoseconds: -1)) == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func roundTripsManyInstants() {
        var seed: UInt64 = 42
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let ns = Int64(bitPattern: seed >> 2) % 7_000_000_000_000_000_000
            let i = Instant(nanoseconds: ns)
            #expect(RFC3339.parse(RFC3339.format(i)) == i)
        }
    }
}
