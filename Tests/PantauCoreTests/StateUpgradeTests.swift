import Foundation
import PantauTestKit
import Testing
@testable import PantauCore

/// An upgrade keeps the figures: a checkpoint written by the previous release (engine state
/// version 1, `Tests/Fixtures/state-v1`: `pantau serve --clock events` of a9e5ce4 over
/// `events.jsonl` with that release's bundled configuration, stopped with SIGTERM) decodes in this
/// build, and its figures equal this build's replay of the same events; only what version 1 did
/// not keep (the last 15 minutes' creations, the last answer) starts empty and fills with new events.
@Suite struct StateUpgradeTests {
    static let fixture = TestPaths.repository.appendingPathComponent("Tests/Fixtures/state-v1")

    static func settings() throws -> EngineSettings {
        let text = try String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8)
        let configuration = try ConfigurationParser.parse([ConfigurationSource(path: "pantau.conf", text: text)]).get()
        return EngineSettings(configuration: configuration, defaultTimeZone: TimeZone(identifier: "UTC")!)
    }

    /// The figures version 1 kept.
    static func keptByVersion1(_ s: Snapshot) -> Snapshot {
        var s = s
        for i in s.channels.indices {
            s.channels[i].forecast.createdRecently = 0
            s.channels[i].forecast.lastAnsweredWait = nil
            s.channels[i].forecast.lastAnsweredAt = nil
            s.channels[i].forecast.staffing = nil
        }
        return s
    }

    static func apply(_ lines: some Sequence<Substring>, to engine: inout SLAEngine) {
        var parser = EventParser(channelNames: engine.settings.channelNames)
        var notes: [SLANotification] = []
        for line in lines {
            switch Array(line.utf8).withUnsafeBufferPointer({ parser.parse($0) }) {
            case .event(let e): _ = engine.apply(e, notifications: &notes)
            case .rejected(let r): engine.recordRejection(r)
            }
        }
    }

    @Test func aVersion1CheckpointDecodesWithTheSameFigures() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.fixture.appendingPathComponent("checkpoint.bin")))
        let checkpoint = try Checkpoint(decoding: bytes)
        #expect(Array(checkpoint.engineState[8..<12]) == [1, 0, 0, 0])  // really version 1
        let settings = try Self.settings()
        var upgraded = try SLAEngine(settings: settings, decodingState: checkpoint.engineState)

        let text = try String(contentsOf: Self.fixture.appendingPathComponent("events.jsonl"), encoding: .utf8)
        var replayed = SLAEngine(settings: settings)
        Self.apply(text.split(separator: "\n"), to: &replayed)
        #expect(upgraded.clock == replayed.clock)
        #expect(upgraded.totals.applied > 2000)
        #expect(Self.keptByVersion1(upgraded.snapshot()) == Self.keptByVersion1(replayed.snapshot()))
        #expect(upgraded.snapshot().channels.allSatisfy { $0.forecast.createdRecently == 0 && $0.forecast.lastAnsweredWait == nil })

        // Both go on with the same new events: the old figures carry on, the new ones fill in.
        let start = upgraded.clock
        let more = (0..<30).flatMap { i -> [Substring] in
            let t = RFC3339.format(start + .seconds(Int64(10 * i + 1)))
            let r = RFC3339.format(start + .seconds(Int64(10 * i + 7)))
            return [#"{"id":"up-\#(i)","ts":"\#(t)","ticket":"up-\#(i)","type":"created","channel":"chat"}"#,
                    #"{"id":"up-\#(i)-r","ts":"\#(r)","ticket":"up-\#(i)","type":"agent_reply","agent":"a1"}"#].map { Substring($0) }
        }
        Self.apply(more, to: &upgraded)
        Self.apply(more, to: &replayed)
        let chat = try #require(upgraded.snapshot().channels.first { $0.name == "chat" })
        #expect(chat.forecast.createdRecently == 30)
        #expect(chat.forecast.lastAnsweredWait == .seconds(6))
        #expect(Self.keptByVersion1(upgraded.snapshot()) == Self.keptByVersion1(replayed.snapshot()))

        // Written again, it is version 2 and reads back whole.
        var again: [UInt8] = []
        upgraded.encodeState(into: &again)
        #expect(Array(again[8..<12]) == [2, 0, 0, 0])
        #expect(try SLAEngine(settings: settings, decodingState: again).snapshot() == upgraded.snapshot())
    }
}
