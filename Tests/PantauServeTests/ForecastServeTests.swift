import Foundation
import PantauCore
@testable import PantauServe
import PantauTestKit
import Testing

/// The forecasts reach the wallboard and the scrape from the live runtime, moving with the clock.
@Suite struct ForecastServeTests {
    static let config = "ServiceLevelTarget=80%\n[Channel chat]\nFirstResponse=10min\nHandleTime=2min\n"

    @Test func breachingSoonMovesWithTheClockInSSEAndMetrics() throws {
        let h = try ServeHarness("forecast", config: Self.config)
        try h.start()
        let sse = try SSETestClient(port: h.port, target: "/events?channel=chat")
        #expect(sse.next("snapshot") != nil)
        h.append(h.line("e1", "t1", "created"))
        h.turn()
        let soon = #"pantau_sla_breaching_soon{channel="chat",sla="first_response",within="#
        var metrics = try h.get("/metrics").text
        #expect(metrics.contains(soon + #""5m"} 0"#) && metrics.contains(soon + #""15m"} 1"#))
        #expect(metrics.contains(#"pantau_service_level_target_ratio{channel="chat"} 0.8"#))
        #expect(metrics.contains(#"pantau_tickets_created_rate{channel="chat"} \#(1.0 / 900)"#))
        // Five minutes and a second on, the deadline is within five minutes: the next push says so.
        h.advance(by: .seconds(301))
        metrics = try h.get("/metrics").text
        #expect(metrics.contains(soon + #""5m"} 1"#))
        var pushed: String?
        #expect(Polling.waitUntil(10) {
            pushed = sse.next("metrics", within: 1)?.message.data
            return pushed?.contains(#""breaching_soon":{"first_response":{"5m":1,"15m":1,"1h":1}"#) == true
        })
        #expect(pushed?.contains(#""staffing":{"handle_time_seconds":120,"threshold_seconds":600,"#) == true)
        let snapshot = try h.get("/api/v1/snapshot").text
        #expect(snapshot.contains(#""service_level_target":0.8,"breaching_soon":{"first_response":{"5m":1,"15m":1,"1h":1}"#))
        // Past the deadline it is decided: out of the forecast.
        h.advance(by: .seconds(300))
        #expect(try h.get("/metrics").text.contains(soon + #""1h"} 0"#))
    }
}
