import Testing
@testable import PantauCore

/// SPEC §3.5: windows, service levels, ASA and percentiles, and the renderings.
@Suite struct FiguresTests {
    @Test(arguments: [
        (ServiceLevelFormula.offered, 2.0 / 4.0),
        (.answered, 2.0 / 3.0),
        (.removed, 3.0 / 4.0),
    ])
    func serviceLevelFormulas(formula: ServiceLevelFormula, expected: Double) {
        var h = EngineHarness(tweak: { $0.settings.serviceLevel = formula; $0.settings.shortAbandon = .seconds(5) })
        for t in ["m1", "m2", "b", "a", "s"] { h.create(t, at: 0) }
        h.send(.agentReply, "m1", at: 10)
        h.send(.agentReply, "m2", at: 20)
        h.send(.abandoned, "s", at: 3)  // short: never counts
        h.send(.abandoned, "a", at: 30)
        h.advance(to: 70)  // b breaches at 60
        let w = h.window(.fifteenMinutes)
        #expect((w.met, w.breached, w.abandoned, w.shortAbandoned) == (2, 1, 1, 1))
        #expect(w.serviceLevel == expected)
    }

    @Test(arguments: ServiceLevelFormula.allCases)
    func emptyDenominatorHasNoValue(formula: ServiceLevelFormula) {
        var h = EngineHarness(tweak: { $0.settings.serviceLevel = formula })
        h.create(at: 0)
        #expect(h.window(.hour).serviceLevel == nil)
        #expect(formula.value(met: 0, breached: 0, abandoned: 0) == nil)
        let json = SnapshotJSONRenderer.render(h.snapshot)
        #expect(json.contains(#""service_level":null"#))
    }

    @Test func windowsCoverTheirSpanWithBothEndsIncluded() {
        var h = EngineHarness()
        h.create("old", at: 0)
        h.send(.agentReply, "old", at: 10)  // decided at 10
        h.create("mid", at: 3000)
        h.send(.agentReply, "mid", at: 3010)  // decided at 3010
        h.advance(to: 3610)  // 1h window [10, 3610]: both; 15m [2710, 3610]: mid only
        #expect(h.window(.hour).met == 2)
        #expect(h.window(.fifteenMinutes).met == 1)
        h.advance(to: 3610.001)
        #expect(h.window(.hour).met == 1)
        #expect(h.window(.today).met == 2)
    }

    @Test func todayStartsAtLocalMidnight() {
        var h = EngineHarness(daemon: { $0.timeZone = "Asia/Jakarta" })  // T0 = 07:00 local
        h.create(at: 0)
        h.send(.agentReply, at: 10)
        h.advance(to: 16 * 3600 + 59 * 60)  // 23:59 local
        #expect(h.window(.today).met == 1)
        h.advance(to: 17 * 3600)  // 00:00 local, next day
        #expect(h.window(.today).met == 0)
    }

    @Test func asaAndNearestRankPercentiles() {
        var h = EngineHarness(firstResponse: .seconds(1000))
        // Consumed 10, 20, …, 100 s.
        for k in 1...10 {
            h.create("t\(k)", at: 0)
            h.send(.agentReply, "t\(k)", at: Double(10 * k))
        }
        let w = h.window(.fifteenMinutes)
        #expect(w.asaSeconds == 55)
        #expect(w.p50Seconds == 50)  // rank ⌈0.5·10⌉ = 5
        #expect(w.p90Seconds == 90)  // rank 9
        let today = h.window(.today)
        #expect(abs(today.p50Seconds! - 50) <= 0.5)  // sketch: within 1 %
        #expect(abs(today.p90Seconds! - 90) <= 0.9)
        #expect(today.asaSeconds == 55)
    }

    @Test func histogramBucketsAreCumulativeAndInfEqualsCount() {
        var h = Histogram()
        for s in [1, 5, 6, 60, 1_000_000] as [Int64] { h.observe(.seconds(s)) }
        let c = h.cumulative
        #expect(c[0] == 2)  // ≤ 5 (upper bound inclusive)
        #expect(c[1] == 3)
        #expect(c.last == h.count)
        #expect(zip(c, c.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func jsonAndPrometheusAgree() throws {
        var h = EngineHarness()
        h.create("a", at: 0)
        h.create("b", at: 0, channel: "voice")
        h.send(.agentReply, "a", at: 30)
        h.advance(to: 100)
        let s = h.snapshot
        let text = PrometheusRenderer.render(s, format: .text, version: "t")
        #expect(text.contains(#"pantau_sla_outcomes_total{channel="chat",sla="first_response",outcome="met"} 1"#))
        #expect(text.contains(#"pantau_sla_outcomes_total{channel="voice",sla="first_response",outcome="breached"} 1"#))
        #expect(text.contains(#"pantau_queue_depth{channel="voice"} 1"#))
        #expect(text.contains(#"pantau_oldest_waiting_seconds{channel="voice"} 100"#))
        #expect(text.contains("# TYPE pantau_sla_outcomes_total counter"))
        let om = PrometheusRenderer.render(s, format: .openMetrics, version: "t")
        #expect(om.contains("# TYPE pantau_sla_outcomes counter"))
        #expect(om.hasSuffix("# EOF\n"))
        let json = SnapshotJSONRenderer.render(s)
        #expect(json.contains(#""voice":{"tickets":{"waiting":1,"open":0,"pending":0,"resolved":0},"queue_depth":1"#))
    }

    @Test func labelValuesAreEscaped() {
        let c = ChannelFigures(name: "a\"b\\c\nd é", serviceLevelFormula: .offered)
        let s = Snapshot(at: Instant(seconds: 0), channels: [c], events: EventTotals())
        let text = PrometheusRenderer.render(s, format: .text, version: "1")
        #expect(text.contains(#"pantau_queue_depth{channel="a\"b\\c\nd é"} 0"#))
        let json = SnapshotJSONRenderer.render(s)
        #expect(json.contains(#""a\"b\\c\nd é":{"#))
    }
}
