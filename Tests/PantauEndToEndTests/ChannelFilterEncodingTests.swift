import Foundation
import Testing
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// `?channel=` splits on literal commas only, after which each name is percent-decoded, so a
/// channel whose name contains a comma is selected as `%2C` (docs/http.md).
@Suite struct ChannelFilterEncodingTests {
    static let channels = """
        [Channel a,b]
        FirstResponse=30s
        [Channel c]
        FirstResponse=1min
        [Channel a]
        FirstResponse=1min
        """

    static func channels(of client: SSETestClient) throws -> [String] {
        let snapshot = SSEStreamTests.json(try #require(client.next("snapshot")).message)
        return ((snapshot["channels"] as? [String: Any])?.keys.sorted()) ?? []
    }

    @Test func aPercentEncodedCommaSelectsAChannelWhoseNameHasOne() throws {
        let d = try ServedDaemon("sse-comma", config: "PushInterval=1h\n", channels: Self.channels)
        let both = try SSETestClient(port: d.port, target: "/events?channel=a%2Cb")
        #expect(both.head.status == 200)
        #expect(try Self.channels(of: both) == ["a,b"])
        let lower = try SSETestClient(port: d.port, target: "/events?channel=a%2cb,c")
        #expect(lower.head.status == 200)
        #expect(try Self.channels(of: lower) == ["a,b", "c"])
        let repeated = try SSETestClient(port: d.port, target: "/events?channel=c&channel=a%2Cb")
        #expect(try Self.channels(of: repeated) == ["a,b", "c"])
        // A literal comma still splits: "a" and "b", and "b" is unknown.
        let split = try d.get("/events?channel=a,b")
        #expect(split.status == 400)
        #expect(split.text.contains(#"unknown channel "b""#), "\(split.text)")
        let plain = try SSETestClient(port: d.port, target: "/events?channel=a")
        #expect(try Self.channels(of: plain) == ["a"])
    }
}
