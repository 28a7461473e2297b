import Testing
@testable import PantauHTTP

/// Target splitting and query decoding.
@Suite struct HTTPRequestHeadTests {
    private func query(_ target: String) -> [[String]] {
        HTTPRequestHead(method: .get, target: target, version: .http1_1).query.map { [$0.0, $0.1] }
    }

    @Test func decodesTheEventsQuery() throws {
        let head = try #require(ParserDriver.head("GET /events?channel=a%2Cb&x=1+2 HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(head.target == "/events?channel=a%2Cb&x=1+2")
        #expect(head.path == "/events")
        #expect(head.query.map { [$0.0, $0.1] } == [["channel", "a,b"], ["x", "1 2"]])
        #expect(head.queryValues(for: "channel") == ["a,b"])
        #expect(head.queryValues(for: "missing").isEmpty)
    }

    @Test func keepsThePathRaw() {
        let head = HTTPRequestHead(method: .get, target: "/a%20b/c+d?", version: .http1_1)
        #expect(head.path == "/a%20b/c+d")
        #expect(head.query.isEmpty)
    }

    @Test func decodesEdgeCases() {
        #expect(query("/") == [])
        #expect(query("/?") == [])
        #expect(query("/?a") == [["a", ""]])
        #expect(query("/?a=") == [["a", ""]])
        #expect(query("/?=v") == [["", "v"]])
        #expect(query("/?a=1&&b=2&") == [["a", "1"], ["b", "2"]])
        #expect(query("/?a=1=2") == [["a", "1=2"]])
        #expect(query("/?a=1&a=2") == [["a", "1"], ["a", "2"]])
        #expect(query("/?n%61me=caf%C3%A9") == [["name", "café"]])
        #expect(query("/?x=%2B%26%3D%25") == [["x", "+&=%"]])
        #expect(query("/?x=%zz%4%") == [["x", "%zz%4%"]])
        #expect(query("/?x=%ff") == [["x", "\u{FFFD}"]])
        #expect(query("/?x=%e2%82%ac") == [["x", "€"]])
        #expect(query("/?q=a?b") == [["q", "a?b"]])
    }

    @Test func splitsAbsoluteAndAsteriskForms() {
        let absolute = HTTPRequestHead(method: .get, target: "http://h:1/p/q?r=s", version: .http1_1)
        #expect(absolute.path == "/p/q")
        #expect(absolute.queryValues(for: "r") == ["s"])
        #expect(HTTPRequestHead(method: .get, target: "http://h", version: .http1_1).path == "/")
        #expect(HTTPRequestHead(method: .options, target: "*", version: .http1_1).path == "*")
    }

    @Test func describesItselfAsARequestLine() {
        #expect(HTTPRequestHead(method: .head, target: "/x?y", version: .http1_0).description == "HEAD /x?y HTTP/1.0")
    }
}
