import Foundation
import Testing
@testable import PantauCore
import PantauSimulator

/// SPEC §4: the engine state survives a checkpoint exactly. An engine decoded from the state after
/// any prefix of a stream, fed the rest, ends identical to one engine fed the whole stream.
@Suite struct EngineStateTests {
    enum Step {
        case send(EventType, String, Double, channel: String? = nil, priority: Priority? = nil, agent: String? = nil,
                  id: String? = nil, wallClock: Double? = nil)
        case advance(Double)
        case reject(RejectReason)
    }

    /// Every §3.1 row, warnings, breaches while paused and after, duplicates, every ticket check,
    /// a reopen, a transfer, short and long abandons, forgetting, slot reuse, late events, more than
    /// three ids on a ticket, timer compaction and a day roll.
    static let steps: [Step] = [
        .send(.created, "t1", 0),
        .send(.created, "t2", 1, priority: .high),
        .send(.created, "v1", 2, channel: "voice"),
        .send(.assigned, "t1", 3, agent: "a1"),
        .advance(50),
        .send(.agentReply, "t1", 55, agent: "a1"),
        .send(.pending, "t2", 58),
        .send(.customerReply, "t1", 70, id: "x1"),
        .send(.customerReply, "t1", 71, id: "x1"),
        .send(.open, "t2", 200),
        .advance(300),
        .send(.agentReply, "t2", 320),
        .send(.abandoned, "v1", 330),
        .send(.created, "t3", 345),
        .send(.abandoned, "t3", 347),
        .send(.resolved, "t1", 400),
        .send(.reopened, "t1", 500),
        .send(.customerReply, "t1", 510),
        .send(.transferred, "t1", 520, channel: "voice"),
        .send(.priorityChanged, "t1", 530, priority: .urgent),
        .send(.agentReply, "t1", 540),
        .send(.resolved, "t1", 600),
        .send(.closed, "t1", 700),
        .send(.agentReply, "t1", 710),
        .send(.assigned, "ghost", 720),
        .send(.created, "t2", 730),
        .reject(.invalidJSON),
        .send(.closed, "v1", 740),
        .advance(1400),
        .send(.created, "t1", 1500),
        .send(.created, "t4", 1501, priority: .low),
        .send(.created, "t5", 1502, channel: "voice"),
        .send(.created, "t6", 1503, priority: .urgent),
        .send(.pending, "t4", 1510),
        .send(.customerReply, "t5", 1520),
        .send(.customerReply, "t5", 1521),
        .send(.customerReply, "t5", 1522),
        .send(.customerReply, "t5", 1523),
        .send(.customerReply, "t5", 1521.5),
        .send(.created, "t9", 99_999, wallClock: 0),
        .send(.open, "t4", 1600),
        .send(.agentReply, "t6", 1610),
        .send(.pending, "t6", 1620),
        .advance(43_200),
        .send(.customerReply, "t6", 43_300),
        .send(.created, "t10", 86_390),
        .advance(86_410),
        .send(.agentReply, "t10", 86_420),
        .send(.created, "t11", 80_000),
        .send(.created, "t12", 86_430, channel: "voice"),
        .advance(90_000),
        .send(.resolved, "t6", 90_001),
        .send(.closed, "t4", 90_002),
    ]

    static func configuration(calendar: Bool) -> Configuration {
        var chat = ChannelPolicy(name: "chat", targets: SLATargets(firstResponse: .seconds(60), nextResponse: .seconds(120), resolution: .seconds(3600)))
        chat.settings.shortAbandon = .seconds(5)
        chat.settings.warnBefore = .seconds(20)
        let voice = ChannelPolicy(name: "voice", targets: SLATargets(firstResponse: .seconds(60), resolution: .seconds(7200)))
        var daemon = DaemonSettings()
        daemon.timeZone = "Asia/Jakarta"
        daemon.closedRetention = .seconds(600)
        var calendars: [String: CalendarDefinition] = [:]
        if calendar {
            let office = [LocalInterval(startMinute: 8 * 60, endMinute: 12 * 60), LocalInterval(startMinute: 13 * 60, endMinute: 17 * 60)]
            calendars["office"] = CalendarDefinition(name: "office", timeZone: "UTC", week: [office, office, office, office, office, [], []])
            calendars["always"] = CalendarDefinition(name: "always", timeZone: "UTC", week: Array(repeating: [LocalInterval(startMinute: 0, endMinute: 1440)], count: 7))
            chat.calendar = "office"
        }
        return Configuration(daemon: daemon, calendars: calendars, channels: [chat, voice])
    }

    static func harness(calendar: Bool) -> EngineHarness {
        var h = EngineHarness(configuration(calendar: calendar))
        h.engine.minimumCompactThreshold = 3
        h.engine.compactThreshold = 3
        return h
    }

    static func run(_ step: Step, on h: inout EngineHarness) -> ApplyResult? {
        switch step {
        case let .send(type, ticket, at, channel, priority, agent, id, wallClock):
            return h.send(type, ticket, at: at, channel: channel, priority: priority, agent: agent, id: id,
                          wallClock: wallClock.map(EngineHarness.at))
        case .advance(let at):
            h.advance(to: at)
        case .reject(let reason):
            h.engine.recordRejection(reason)
        }
        return nil
    }

    static func encode(_ engine: SLAEngine) -> [UInt8] {
        var bytes: [UInt8] = []
        engine.encodeState(into: &bytes)
        return bytes
    }

    @Test(arguments: [false, true])
    func decodingAtEverySplitPointContinuesExactly(calendar: Bool) throws {
        var whole = Self.harness(calendar: calendar)
        var results: [ApplyResult?] = []
        var notificationsBefore: [Int] = []
        for step in Self.steps {
            notificationsBefore.append(whole.notifications.count)
            results.append(Self.run(step, on: &whole))
        }
        notificationsBefore.append(whole.notifications.count)
        let expectedJSON = SnapshotJSONRenderer.render(whole.snapshot)
        let expectedState = Self.encode(whole.engine)
        #expect(whole.notifications.contains { $0.kind == .warning } && whole.notifications.contains { $0.kind == .breach })

        for k in 0...Self.steps.count {
            var h = Self.harness(calendar: calendar)
            for step in Self.steps[..<k] { _ = Self.run(step, on: &h) }
            let bytes = Self.encode(h.engine)
            h.engine = try SLAEngine(settings: h.engine.settings, decodingState: bytes)
            #expect(Self.encode(h.engine) == bytes, "re-encoding after \(k) steps")
            h.notifications.removeAll()
            var tail: [ApplyResult?] = []
            for step in Self.steps[k...] { tail.append(Self.run(step, on: &h)) }
            #expect(tail == Array(results[k...]), "results after a split at \(k)")
            #expect(h.notifications == Array(whole.notifications[notificationsBefore[k]...]), "notifications after a split at \(k)")
            #expect(SnapshotJSONRenderer.render(h.snapshot) == expectedJSON, "figures after a split at \(k)")
            #expect(Self.encode(h.engine) == expectedState, "state after a split at \(k)")
        }
    }

    @Test func calendarsAreMatchedByNameNotIndex() throws {
        var h = Self.harness(calendar: true)
        for step in Self.steps[..<20] { _ = Self.run(step, on: &h) }
        let bytes = Self.encode(h.engine)
        // A new calendar sorting first shifts every index; the running cycles keep "office".
        var shifted = Self.configuration(calendar: true)
        shifted.calendars["aaa"] = CalendarDefinition(name: "aaa", timeZone: "UTC")
        let settings = EngineSettings(configuration: shifted, defaultTimeZone: TimeZone(identifier: "UTC")!)
        var continued = h
        continued.engine = try SLAEngine(settings: settings, decodingState: bytes)
        for step in Self.steps[20...] {
            _ = Self.run(step, on: &h)
            _ = Self.run(step, on: &continued)
        }
        #expect(SnapshotJSONRenderer.render(continued.snapshot) == SnapshotJSONRenderer.render(h.snapshot))

        // Without "office" the running cycles cannot go on.
        var missing = Self.configuration(calendar: true)
        missing.calendars["office"] = nil
        missing.channels[0].calendar = nil
        let error = #expect(throws: StateDecodingError.self) {
            try SLAEngine(settings: EngineSettings(configuration: missing, defaultTimeZone: TimeZone(identifier: "UTC")!), decodingState: bytes)
        }
        #expect(error?.kind == .configurationMismatch)
    }

    /// A state with live, paused, breached, retired and free slots: small enough to cut everywhere.
    static func smallState() -> (EngineHarness, [UInt8]) {
        var h = Self.harness(calendar: false)
        for step in Self.steps[..<30] { _ = Self.run(step, on: &h) }
        return (h, Self.encode(h.engine))
    }
}
