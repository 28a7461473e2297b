import Foundation
import Testing
@testable import PantauCore
import PantauSimulator

extension EngineStateTests {
    @Test func truncationAtEveryLengthIsAnError() {
        let (h, bytes) = Self.smallState()
        #expect(h.engine.freeSlots.count == 2 && h.engine.ticketCount == 2 && h.engine.timers.count > 0)
        var accepted: [Int] = []
        var wrongKind: [Int] = []
        for n in 0..<bytes.count {
            do {
                _ = try SLAEngine(settings: h.engine.settings, decodingState: Array(bytes[..<n]))
                accepted.append(n)
            } catch let e as StateDecodingError {
                if n >= 8, e.kind != .truncated { wrongKind.append(n) }
            } catch {
                wrongKind.append(n)
            }
        }
        #expect(accepted.isEmpty)
        #expect(wrongKind.isEmpty, "not reported as truncated at lengths \(wrongKind.prefix(10))")
        #expect(throws: StateDecodingError.self) { try SLAEngine(settings: h.engine.settings, decodingState: bytes + [0]) }
    }

    @Test func wrongMagicAndVersionAreNamed() {
        let (h, bytes) = Self.smallState()
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        let e1 = #expect(throws: StateDecodingError.self) { try SLAEngine(settings: h.engine.settings, decodingState: magic) }
        #expect(e1?.kind == .wrongMagic)
        var version = bytes
        version[8] &+= 1
        let e2 = #expect(throws: StateDecodingError.self) { try SLAEngine(settings: h.engine.settings, decodingState: version) }
        #expect(e2?.kind == .unsupportedVersion)
        #expect(e2?.description.contains("version 3") == true)
    }

    @Test func differentChannelsAreRefused() {
        let (_, bytes) = Self.smallState()
        func settings(_ names: [String]) -> EngineSettings {
            EngineSettings(configuration: Configuration(channels: names.map { ChannelPolicy(name: $0, targets: SLATargets(firstResponse: .seconds(60))) }),
                           defaultTimeZone: TimeZone(identifier: "UTC")!)
        }
        for names in [["voice", "chat"], ["chat"], ["chat", "voice", "email"], ["chat", "phone"]] {
            let error = #expect(throws: StateDecodingError.self) { try SLAEngine(settings: settings(names), decodingState: bytes) }
            #expect(error?.kind == .configurationMismatch, "\(names)")
        }
        // Same names, other targets: accepted (targets apply to new cycles).
        #expect(throws: Never.self) { try SLAEngine(settings: settings(["chat", "voice"]), decodingState: bytes) }
    }

    /// Garbled bytes never trap: decoding either throws or gives an engine that encodes and
    /// reports figures.
    @Test func garbledStatesNeverTrap() {
        let (h, bytes) = Self.smallState()
        var rng = SplitMix64(seed: 7)
        var decoded = 0
        func attempt(_ mutated: [UInt8]) {
            guard let engine = try? SLAEngine(settings: h.engine.settings, decodingState: mutated) else { return }
            decoded += 1
            _ = Self.encode(engine)
            _ = SnapshotJSONRenderer.render(engine.snapshot())
        }
        for i in bytes.indices {
            var m = bytes
            m[i] ^= 0xFF
            attempt(m)
        }
        for _ in 0..<3000 {
            var m = bytes
            for _ in 0..<(1 + rng.next() % 4) {
                let i = Int(rng.next() % UInt64(m.count))
                switch rng.next() % 3 {
                case 0: m[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: m.remove(at: i)
                default: m.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                }
            }
            attempt(m)
        }
        #expect(decoded > 0)  // flips in timestamps and counters decode; the checkpoint's checksum catches those
    }

    @Test func emptyEngineRoundTrips() throws {
        let h = Self.harness(calendar: true)
        let bytes = Self.encode(h.engine)
        let decoded = try SLAEngine(settings: h.engine.settings, decodingState: bytes)
        #expect(Self.encode(decoded) == bytes)
        #expect(SnapshotJSONRenderer.render(decoded.snapshot()) == SnapshotJSONRenderer.render(h.snapshot))
    }

    /// A stored property added to the engine or its parts must be added to the encoding too (and
    /// `SLAEngine.stateFormatVersion` bumped); this list makes that impossible to miss.
    @Test func everyStoredPropertyIsCovered() {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let h = Self.harness(calendar: false)
        #expect(labels(h.engine) == ["settings", "clock", "totals", "tickets", "index", "freeSlots", "timers", "compactThreshold",
                                     "minimumCompactThreshold", "nextSeq", "channels", "started", "currentDayStart", "nextRoll", "forgotten"])
        #expect(labels(TicketRecord.free) == ["key", "keyHash", "ids", "created", "lastEffective", "resolutionConsumed", "forgetSeq",
                                              "firstResponse", "nextResponse", "resolution", "channel", "priority", "phase", "hasAgent",
                                              "firstResponded", "inUse"])
        let cycle = Cycle(start: .distantPast, budget: .zero, consumed: .zero, since: .distantPast, deadline: .distantFuture, timerSeq: 0,
                          channel: 0, calendar: -1, kind: .firstResponse, paused: false, warned: false, breached: false)
        #expect(labels(cycle) == ["start", "budget", "consumed", "since", "deadline", "timerSeq", "channel", "calendar", "kind", "paused",
                                  "warned", "breached"])
        #expect(labels(ChannelAccumulator()) == ["counters", "outcomes", "started", "firstResponseSeconds", "resolutionSeconds", "windows",
                                                 "recent"])
        #expect(labels(RecentTraffic()) == ["created", "head", "lastAnswerAt", "lastAnswerWait"])
        #expect(labels(FirstResponseWindows()) == ["decisions", "decisionsHead", "answers", "answersHead", "todayStart", "todayEnd",
                                                   "todayOutcomes", "todaySum", "todaySketch"])
        #expect(labels(QuantileSketch()) == ["buckets", "offset", "zeros", "count"])
        #expect(labels(Histogram()) == ["buckets", "sumNanoseconds", "count"])
        #expect(labels(EventIDSet()) == ["first", "second", "third", "inline", "more"])
        #expect(labels(TimerEntry(instant: 0, seq: 0, slot: 0, action: 0)) == ["instant", "seq", "slot", "action"])
        #expect(labels(TimerHeap()) == ["storage"])
    }

    @Test func readerAndWriterAgreeOnEveryType() throws {
        var w = StateWriter()
        w.write(UInt8(0xAB))
        w.write(Int16(-2))
        w.write(UInt32(0xDEAD_BEEF))
        w.write(Int64.min)
        w.write(Int128(-1) << 100)
        w.write(true)
        w.write(-0.0)
        w.write("tiket-ü")
        w.write(array: [UInt64(1), 2, 3])
        w.write(blob: [9, 8])
        let bytes = w.finish()
        #expect(Array(bytes[1...2]) == [0xFE, 0xFF])  // little-endian
        var r = StateReader(bytes)
        #expect(try r.read("a", as: UInt8.self) == 0xAB)
        #expect(try r.read("b", as: Int16.self) == -2)
        #expect(try r.read("c", as: UInt32.self) == 0xDEAD_BEEF)
        #expect(try r.read("d", as: Int64.self) == .min)
        #expect(try r.read("e", as: Int128.self) == Int128(-1) << 100)
        #expect(try r.readBool("f"))
        #expect(try r.readDouble("g").bitPattern == (-0.0).bitPattern)
        #expect(try r.readString("h") == "tiket-ü")
        #expect(try r.readArray(of: UInt64.self, "i") == [1, 2, 3])
        #expect(try r.readBlob("j") == [9, 8])
        #expect(r.isAtEnd)
        let error = #expect(throws: StateDecodingError.self) { try r.read("k", as: UInt8.self) }
        #expect(error?.kind == .truncated && error?.description.contains("k") == true)
        // A huge count is refused without allocating; a bool must be 0 or 1; strings must be UTF-8.
        var huge = StateReader([0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: StateDecodingError.self) { try huge.readArray(of: UInt64.self, "x") }
        var bool = StateReader([2])
        #expect(throws: StateDecodingError.self) { try bool.readBool("x") }
        var utf8 = StateReader([2, 0, 0, 0, 0xC3, 0x28])
        #expect(throws: StateDecodingError.self) { try utf8.readString("x") }
    }
}
