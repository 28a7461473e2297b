import Foundation
import Testing
@testable import PantauCore

/// `[Wallboard]`: every key, its defaults, its errors with FILE:LINE, and the `/api/v1/wallboard`
/// document rendered from it.
@Suite struct WallboardSettingsTests {
    let parser = ConfigurationParserTests()

    @Test func defaultsAndEveryKey() throws {
        let defaults = try parser.configuration(parser.chat).wallboard
        #expect(defaults == WallboardSettings())
        #expect(defaults.servers.isEmpty && defaults.tickerLength == 8 && defaults.hold == .seconds(5))
        let set = try parser.configuration("""
            [Wallboard]
            AmberBand=10%
            WaitAmber=75%
            BreachingSoonRed=3
            Hold=30s
            TickerLength=20
            Servers=http://pantau-c.example:9747
            Servers=http://pantau-a.example:9747   https://pantau-b.example
            \(parser.chat)
            """).wallboard
        #expect(set.amberBand == 0.10 && set.waitAmber == 0.75 && set.breachingSoonRed == 3)
        #expect(set.hold == .seconds(30) && set.tickerLength == 20)
        #expect(set.servers == ["http://pantau-a.example:9747", "https://pantau-b.example"])
        // Written as browsers send Origin: lower case, no default port.
        let normalised = try parser.configuration("[Wallboard]\nServers=HTTP://Pantau-A.example:80 https://B.example:443 http://c.example:8080\n\(parser.chat)").wallboard
        #expect(normalised.servers == ["http://pantau-a.example", "https://b.example", "http://c.example:8080"])
        #expect(parser.errors("[Wallboard]\nServers=http://a.example http://A.example:80\n\(parser.chat)")
                == ["main.conf:2: invalid value \"http://a.example http://A.example:80\" for Servers: http://a.example is listed twice"])
        // An empty value restores the default.
        let reset = try parser.configuration("[Wallboard]\nServers=http://a.example\nServers=\n\(parser.chat)").wallboard
        #expect(reset.servers.isEmpty)
    }

    @Test func badValuesNameFileAndLine() {
        let errors = parser.errors("""
            [Wallboard]
            Servers=*
            Servers=http://a.example http://a.example
            Servers=pantau-b.example:9747
            Servers=http://a.example/wallboard
            Servers=http://1 http://2 http://3 http://4 http://5 http://6 http://7 http://8 http://9
            TickerLength=51
            Hold=11min
            \(parser.chat)
            """)
        let expectation = "expected origins such as http://pantau-a.example:9747 (scheme, host and port), separated by spaces"
        let expected = [
            "main.conf:2: invalid value \"*\" for Servers: \(expectation), not *",
            "main.conf:3: invalid value \"http://a.example http://a.example\" for Servers: http://a.example is listed twice",
            "main.conf:4: invalid value \"pantau-b.example:9747\" for Servers: \(expectation); pantau-b.example:9747 is not one",
            "main.conf:5: invalid value \"http://a.example/wallboard\" for Servers: \(expectation); http://a.example/wallboard is not one",
            "main.conf:6: invalid value \"http://1 http://2 http://3 http://4 http://5 http://6 htt...\" for Servers: expected at most 8 servers",
            "main.conf:7: invalid value \"51\" for TickerLength: expected an integer from 1 to 50",
            "main.conf:8: invalid value \"11min\" for Hold: expected at most 10min: a tile must follow its figures",
        ]
        #expect(errors == expected)
    }

    @Test func theWallboardDocumentCarriesTheServers() throws {
        let configuration = try parser.configuration("""
            [Wallboard]
            Servers=http://pantau-a.example:9747 http://pantau-b.example:9747
            [Channel hotline]
            FirstResponse=30s
            ServiceLevelTarget=80%
            """)
        let bytes = WallboardConfigRenderer.render(configuration, version: "9.9", timeZone: "Asia/Jakarta")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["servers"] as? [String] == ["http://pantau-a.example:9747", "http://pantau-b.example:9747"])
        #expect(json["version"] as? String == "9.9" && json["time_zone"] as? String == "Asia/Jakarta")
        let channels = try #require(json["channels"] as? [[String: Any]])
        #expect(channels.first?["name"] as? String == "hotline" && channels.first?["service_level_target"] as? Double == 0.8)
        let none = WallboardConfigRenderer.render(try parser.configuration(parser.chat), version: "9.9", timeZone: "UTC")
        #expect((try JSONSerialization.jsonObject(with: Data(none)) as? [String: Any])?["servers"] as? [String] == [])
    }
}
