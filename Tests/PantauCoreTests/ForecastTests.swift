import Foundation
import Testing
@testable import PantauCore

/// Forecasts, hand-computed: the target, breaching soon (24/7, business hours across a weekend,
/// paused), the waits, the rates and the staffing, and their renderings.
@Suite struct ForecastTests {
    static func harness(_ text: String) throws -> EngineHarness {
        EngineHarness(try ConfigurationParser.parse([ConfigurationSource(path: "forecast.conf", text: "[Daemon]\nTimeZone=UTC\n" + text)]).get())
    }

    static func soon(_ h: EngineHarness, _ kind: SLAKind = .firstResponse, _ channel: String = "chat") -> [Int] {
        ForecastHorizon.allCases.map { h.channel(channel).forecast[kind, $0] }
    }

    @Test func serviceLevelTargetIsInheritedOverriddenAndSwitchedOff() throws {
        let h = try Self.harness("""
            ServiceLevelTarget=80%
            [Channel chat]
            FirstResponse=1min
            [Channel voice]
            FirstResponse=20s
            ServiceLevelTarget=87.5%
            [Channel mail]
            FirstResponse=8h
            ServiceLevelTarget=no
            """)
        #expect(h.channel("chat").forecast.serviceLevelTarget == 0.8)
        #expect(h.channel("voice").forecast.serviceLevelTarget == 0.875)
        #expect(h.channel("mail").forecast.serviceLevelTarget == nil)
        let text = PrometheusRenderer.render(h.snapshot, format: .text, version: "t")
        #expect(text.contains("pantau_service_level_target_ratio{channel=\"chat\"} 0.8\n"))
        #expect(text.contains("pantau_service_level_target_ratio{channel=\"voice\"} 0.875\n"))
        #expect(!text.contains("pantau_service_level_target_ratio{channel=\"mail\"}"))
    }

    @Test func targetAndHandleTimeErrorsNameFileAndLine() {
        func errors(_ text: String) -> [String] {
            guard case .failure(let e) = ConfigurationParser.parse([ConfigurationSource(path: "f.conf", text: text)]) else { return [] }
            return e.errors.map(\.description)
        }
        #expect(errors("[Channel chat]\nFirstResponse=1min\nServiceLevelTarget=120%\n").first?.hasPrefix("f.conf:3: ") == true)
        #expect(errors("[Channel chat]\nFirstResponse=1min\nHandleTime=0\n").first?.hasPrefix("f.conf:3: ") == true)
        #expect(errors("[Daemon]\nHandleTime=3min\n[Channel chat]\nFirstResponse=1min\n")
            == ["f.conf:2: key \"HandleTime\" is not allowed in [Daemon]; it belongs in [Channel NAME]"])
        #expect(errors("[Daemon]\nServiceLevelTarget=80\n[Channel chat]\nFirstResponse=1min\n")
            == ["f.conf:2: invalid value \"80\" for ServiceLevelTarget: expected a percentage above 0% and at most 100%, such as 80%"])
    }

    /// Deadlines at 600 (a) and 800 (b); resolution at 7200 and 7400. A deadline exactly at the
    /// horizon's end is not within it: the clock must pass a deadline to breach it.
    @Test func breachingSoonCountsDeadlinesBeforeEachHorizonEnds() throws {
        var h = try Self.harness("[Channel chat]\nFirstResponse=10min\nResolution=2h\n")
        h.create("a", at: 0)
        h.create("b", at: 200)
        #expect(Self.soon(h) == [0, 2, 2])
        #expect(Self.soon(h, .resolution) == [0, 0, 0])
        h.advance(to: 300)  // 5m ends at 600: a's deadline is not before it
        #expect(Self.soon(h) == [0, 2, 2])
        h.advance(to: 300.001)
        #expect(Self.soon(h) == [1, 2, 2])
        h.send(.agentReply, "a", at: 400)  // met: a leaves the forecast
        #expect(Self.soon(h) == [0, 1, 1])
        h.advance(to: 3600 + 200)  // b breached at 800; resolutions due 7200 and 7400, and 1h ends at 7400
        #expect(Self.soon(h) == [0, 0, 0])
        #expect(Self.soon(h, .resolution) == [0, 0, 1])
        #expect(h.channel().sla[Int(SLAKind.firstResponse.rawValue)].breachedOpen == 1)
    }

    /// Monday to Friday 09:00–17:00 UTC, a 2 h business first response: created Friday 16:30, it
    /// is due Monday 10:30, not Friday 18:30 as a 24/7 clock would say.
    @Test func aBusinessHoursDeadlineCountsWhereItReallyFalls() throws {
        var h = try Self.harness("""
            [Calendar office]
            TimeZone=UTC
            Weekdays=09:00-17:00
            [Channel chat]
            Calendar=office
            FirstResponse=2h
            """)
        let friday = 4 * 86400.0
        func at(_ day: Double, _ hour: Double) -> Double { day + hour * 3600 }
        h.create("f", at: at(friday, 16.5))
        #expect(Self.soon(h) == [0, 0, 0])
        h.advance(to: at(friday, 17.75))  // 24/7 would be due in 45 min
        #expect(Self.soon(h) == [0, 0, 0])
        let monday = 7 * 86400.0
        h.advance(to: at(monday, 9.5))  // due 10:30, an hour from now: not before 10:30
        #expect(Self.soon(h) == [0, 0, 0])
        h.advance(to: at(monday, 9.75))
        #expect(Self.soon(h) == [0, 0, 1])
        h.advance(to: at(monday, 10.3))  // 10:18; 15m ends 10:33
        #expect(Self.soon(h) == [0, 1, 1])
        h.advance(to: at(monday, 10.5) - 299)  // 10:25:01; 5m ends 10:30:01
        #expect(Self.soon(h) == [1, 1, 1])
        h.advance(to: at(monday, 10.5) + 0.001)
        #expect(Self.soon(h) == [0, 0, 0])
        #expect(h.breaches(.firstResponse) == [at(monday, 10.5)])
    }

    @Test func aPausedCycleIsNeverBreachingSoon() throws {
        var h = try Self.harness("[Channel chat]\nFirstResponse=10min\nNextResponse=4min\nResolution=1h\n")
        h.create("p", at: 0)
        h.send(.agentReply, "p", at: 60)
        h.send(.customerReply, "p", at: 120)  // next response due 360
        #expect(Self.soon(h, .nextResponse) == [1, 1, 1])
        #expect(Self.soon(h, .resolution) == [0, 0, 1])
        h.send(.pending, "p", at: 130)  // every clock stops
        #expect(Self.soon(h, .nextResponse) == [0, 0, 0])
        #expect(Self.soon(h, .resolution) == [0, 0, 0])
        h.advance(to: 5000)
        #expect(Self.soon(h, .nextResponse) == [0, 0, 0])
        #expect(h.breaches(.nextResponse).isEmpty)
        h.send(.customerReply, "p", at: 5000)  // resumes: 230 s of next response left, due 5230
        #expect(Self.soon(h, .nextResponse) == [1, 1, 1])
    }

    /// a waits 60 s, b 40 s; a is answered last. Expected wait: (queue depth + 1) × 900 s ÷ answers.
    @Test func waitsCountFromCreationAndTheExpectedWaitNeedsABasis() throws {
        var h = try Self.harness("[Channel chat]\nFirstResponse=10min\n")
        h.create("a", at: 0)
        #expect(h.channel().forecast.lastAnsweredWait == nil)
        #expect(h.channel().forecast.expectedWaitSeconds == nil)  // no answer yet: no basis
        h.create("b", at: 10)
        h.send(.agentReply, "b", at: 50)
        h.send(.agentReply, "a", at: 60)
        h.create("c", at: 70)
        var f = h.channel().forecast
        #expect(f.lastAnsweredWait == .seconds(60))
        #expect(f.lastAnsweredAt == EngineHarness.at(60))
        #expect(f.expectedWaitSeconds == Double(1 + 1) * 900 / 2)
        // Once the answers leave the last 15 minutes, no basis again; the last wait stays.
        h.advance(to: 60 + 900)
        #expect(h.channel().forecast.expectedWaitSeconds == 1800)  // both ends included: 50 left, 60 still in
        h.advance(to: 60 + 900.001)
        f = h.channel().forecast
        #expect(f.expectedWaitSeconds == nil)
        #expect(f.lastAnsweredWait == .seconds(60))
        // A wait is wall time: a pending spell counts, though it stops the SLA clock.
        h.send(.pending, "c", at: 1000)
        h.send(.open, "c", at: 1100)
        h.send(.agentReply, "c", at: 1200)
        #expect(h.channel().forecast.lastAnsweredWait == .seconds(1130))
        let json = SnapshotJSONRenderer.render(h.snapshot)
        #expect(json.contains(#""wait":{"last_answered_seconds":1130,"last_answered_at":"2026-03-02T00:20:00Z","expected_seconds":900}"#))
    }

    /// 30 tickets created over [0, 870] s and 15 answered: 2 and 1 per minute; the window has
    /// both ends included.
    @Test func ratesAreCountsOverTheLastFifteenMinutes() throws {
        var h = try Self.harness("[Channel chat]\nFirstResponse=10min\n")
        for i in 0..<30 { h.create("t\(i)", at: Double(i) * 30) }
        for i in 0..<15 { h.send(.agentReply, "t\(i)", at: 880 + Double(i)) }
        h.advance(to: 900)
        var f = h.channel().forecast
        #expect((f.createdRecently, f.answeredRecently) == (30, 15))
        #expect((f.createdPerMinute, f.firstResponsesPerMinute) == (2, 1))
        h.advance(to: 930)  // [30, 930]: t0 (created at 0) has left
        f = h.channel().forecast
        #expect(f.createdRecently == 29)
        let text = PrometheusRenderer.render(h.snapshot, format: .text, version: "t")
        #expect(text.contains("pantau_tickets_created_rate{channel=\"chat\"} \(29.0 / 900)\n"))
        #expect(text.contains("pantau_first_responses_rate{channel=\"chat\"} \(15.0 / 900)\n"))
    }

    /// The published vector through the engine: 50 calls in 15 minutes is 200 an hour; with a
    /// 180 s handle time that is 10 Erlang, and 80 % within 20 s needs 14 agents.
    @Test func staffingUsesTheArrivalRateOfTheLastFifteenMinutes() throws {
        var h = try Self.harness("""
            [Channel voice]
            FirstResponse=20s
            HandleTime=3min
            ServiceLevelTarget=80%
            [Channel chat]
            FirstResponse=1min
            HandleTime=3min
            """)
        for i in 0..<50 { h.create("c\(i)", at: 18 * Double(i), channel: "voice") }
        h.advance(to: 882)
        let s = try #require(h.channel("voice").forecast.staffing)
        #expect(s.offeredLoad == 10 && s.handleTimeSeconds == 180 && s.thresholdSeconds == 20)
        #expect(s.needed?.agents == 14)
        #expect(abs(s.needed!.serviceLevel - 0.8884) < 0.00005)
        #expect(h.channel("chat").forecast.staffing == nil)  // no target: no staffing
        let text = PrometheusRenderer.render(h.snapshot, format: .text, version: "t")
        #expect(text.contains("pantau_offered_load_erlangs{channel=\"voice\"} 10\n"))
        #expect(text.contains("pantau_agents_needed{channel=\"voice\"} 14\n"))
        #expect(!text.contains("pantau_agents_needed{channel=\"chat\"}"))
        let json = SnapshotJSONRenderer.render(h.snapshot)
        #expect(json.contains(#""staffing":{"handle_time_seconds":180,"threshold_seconds":20,"offered_load_erlangs":10,"agents_needed":14,"#))
        // No calls in the last 15 minutes: no agents needed.
        h.advance(to: 882 + 901)
        #expect(h.channel("voice").forecast.staffing?.needed?.agents == 0)
    }

    @Test func theForecastSurvivesACheckpoint() throws {
        var h = try Self.harness("[Channel chat]\nFirstResponse=10min\nServiceLevelTarget=80%\nHandleTime=2min\n")
        for i in 0..<20 { h.create("t\(i)", at: Double(i) * 10) }
        h.send(.agentReply, "t3", at: 250)
        var bytes: [UInt8] = []
        h.engine.encodeState(into: &bytes)
        let decoded = try SLAEngine(settings: h.engine.settings, decodingState: bytes)
        #expect(decoded.snapshot() == h.snapshot)
        #expect(decoded.snapshot().channels[0].forecast.createdRecently == 20)
        #expect(decoded.snapshot().channels[0].forecast.lastAnsweredWait == .seconds(220))
    }
}
