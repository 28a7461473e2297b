import Testing
@testable import PantauHTTP

/// Whole requests fed at once: what each accepted request parses to, and the exact status of every
/// way to refuse one.
@Suite struct HTTPRequestParserTests {
    static let prometheusAccept = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"

    // MARK: Accepted requests

    @Test func parsesThePrometheusScrape() throws {
        let text = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9747\r\nUser-Agent: Prometheus/3.0.0\r\n"
            + "Accept: \(Self.prometheusAccept)\r\nAccept-Encoding: gzip\r\n"
            + "X-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n"
        let result = ParserDriver.result(text)
        guard case .request(let head, let body) = result else {
            Issue.record("expected a request, got \(result)")
            return
        }
        #expect(head.method == .get)
        #expect(head.target == "/metrics")
        #expect(head.path == "/metrics")
        #expect(head.query.isEmpty)
        #expect(head.version == .http1_1)
        #expect(head.keepAlive)
        #expect(body == 0)
        #expect(head.headers.count == 5)
        #expect(head.headers.value(for: "accept") == Self.prometheusAccept)
        #expect(head.headers["user-agent"] == "Prometheus/3.0.0")
    }

    @Test func parsesAnEventStreamReconnect() throws {
        let head = try #require(ParserDriver.head(
            "GET /events?channel=chat,hotline HTTP/1.1\r\nHost: wallboard\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\nLast-Event-ID: 1732370000-42\r\n\r\n"))
        #expect(head.path == "/events")
        #expect(head.queryValues(for: "channel") == ["chat,hotline"])
        #expect(head.headers["Last-Event-ID"] == "1732370000-42")
    }

    @Test func trimsValueWhitespaceAndKeepsFieldOrder() throws {
        let head = try #require(ParserDriver.head("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t one two \t\r\nX-B:\r\nx-a: 3\r\n\r\n"))
        #expect(head.headers.fields.map(\.name) == ["Host", "X-A", "X-B", "x-a"])
        #expect(head.headers.values(for: "X-A") == ["one two", "3"])
        #expect(head.headers["X-B"] == "")
    }

    @Test func acceptsBareLFLineEndingsAndMixedEndings() throws {
        let head = try #require(ParserDriver.head("GET /a HTTP/1.1\nHost: h\r\nAccept: */*\n\n"))
        #expect(head.headers["accept"] == "*/*")
        #expect(ParserDriver.head("GET /a HTTP/1.1\r\nHost: h\n\r\n") != nil)
    }

    @Test func skipsEmptyLinesBeforeTheRequestLine() {
        let results = ParserDriver.results("\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(results.count == 2)
        #expect(results.allSatisfy { if case .request = $0 { true } else { false } })
    }

    @Test func readsVersionsAndMethods() throws {
        #expect(ParserDriver.head("GET / HTTP/1.0\r\n\r\n")?.version == .http1_0)  // no Host needed in 1.0
        #expect(ParserDriver.head("GET / HTTP/1.2\r\nHost: h\r\n\r\n")?.version == .http1_1)
        #expect(ParserDriver.head("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n")?.method == .head)
        #expect(ParserDriver.head("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")?.path == "*")
        #expect(ParserDriver.head("get / HTTP/1.1\r\nHost: h\r\n\r\n")?.method == .other("get"))
        #expect(ParserDriver.head("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")?.method == .other("POST"))
    }

    @Test func acceptsAbsoluteFormTargets() throws {
        let head = try #require(ParserDriver.head("GET http://127.0.0.1:9747/metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        #expect(head.target == "http://127.0.0.1:9747/metrics?x=1")
        #expect(head.path == "/metrics")
        #expect(head.query.map { [$0.0, $0.1] } == [["x", "1"]])
        #expect(ParserDriver.head("GET HTTPS://h HTTP/1.1\r\nHost: h\r\n\r\n")?.path == "/")
        #expect(ParserDriver.head("GET http://h?q=1 HTTP/1.1\r\nHost: h\r\n\r\n")?.query.first?.1 == "1")
    }

    @Test func acceptsTheLongestTargetAndTheLargestHead() throws {
        let target = "/" + String(repeating: "t", count: 8 * 1024 - 1)
        #expect(ParserDriver.head("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n")?.target == target)
        // 16 KiB exactly: request line 16, Host 9, X field, blank line 2.
        let fixed = "GET / HTTP/1.1\r\n".utf8.count + "Host: h\r\n".utf8.count + "X: \r\n".utf8.count + 2
        let filler = String(repeating: "v", count: 16 * 1024 - fixed)
        #expect(ParserDriver.head("GET / HTTP/1.1\r\nHost: h\r\nX: \(filler)\r\n\r\n") != nil)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\nX: \(filler)v\r\n\r\n").status == .requestHeaderFieldsTooLarge)
    }

    @Test func acceptsObsTextInValues() throws {
        let head = try #require(ParserDriver.head("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\u{E9}\r\n\r\n"))
        #expect(head.headers["x-name"] == "café")
    }

    // MARK: Refusals

    @Test(arguments: [
        // Request line.
        ("GET /\r\n\r\n", "HTTP/0.9 style, no version"),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", "double space"),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", "trailing space"),
        (" GET / HTTP/1.1\r\nHost: h\r\n\r\n", "leading space"),
        ("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", "tab separator"),
        ("G@T / HTTP/1.1\r\nHost: h\r\n\r\n", "method not a token"),
        ("GET / http/1.1\r\nHost: h\r\n\r\n", "lowercase version"),
        ("GET / HTTP/1.10\r\nHost: h\r\n\r\n", "version too long"),
        ("GET / HTTP/1\r\nHost: h\r\n\r\n", "version without minor"),
        ("GET / HTTP/a.b\r\nHost: h\r\n\r\n", "version letters"),
        ("GET foo HTTP/1.1\r\nHost: h\r\n\r\n", "target neither origin nor absolute form"),
        ("GET * HTTP/1.1\r\nHost: h\r\n\r\n", "asterisk form on GET"),
        ("GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n", "absolute form without authority"),
        ("GET /a\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n", "DEL in target"),
        ("GET /a\u{1}b HTTP/1.1\r\nHost: h\r\n\r\n", "control byte in target"),
        ("GET /caf\u{E9} HTTP/1.1\r\nHost: h\r\n\r\n", "raw non-ASCII in target"),
        ("\(String(repeating: "M", count: 33)) / HTTP/1.1\r\nHost: h\r\n\r\n", "method longer than 32 bytes"),
        // Line endings.
        ("GET / HTTP/1.1\rHost: h\r\n\r\n", "bare CR ending the request line"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", "bare CR in a value"),
        ("GET / HTTP/1.1\r\nHost: h\r\n\r\r\n", "bare CR in the blank line"),
        ("\r\rGET / HTTP/1.1\r\nHost: h\r\n\r\n", "bare CR before the request line"),
        // Field lines.
        ("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", "field without colon"),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", "space before colon"),
        ("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", "tab before colon"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", "obs-fold with space"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\tb\r\n\r\n", "obs-fold with tab"),
        ("GET / HTTP/1.1\r\n Host: h\r\n\r\n", "whitespace before the first field"),
        ("GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", "empty field name"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX Y: z\r\n\r\n", "space in field name"),
        ("GET / HTTP/1.1\r\nHost: h\r\n(x): z\r\n\r\n", "field name not a token"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX-\u{E9}: z\r\n\r\n", "non-ASCII field name"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n", "NUL in value"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{1}b\r\n\r\n", "SOH in value"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{1B}b\r\n\r\n", "ESC in value"),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{7F}\r\n\r\n", "DEL in value"),
        // Host.
        ("GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 without Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "two Host fields"),
        ("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", "two Host fields in HTTP/1.0"),
        // Framing (request smuggling).
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", "Content-Length with Transfer-Encoding"),
        ("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", "Transfer-Encoding with Content-Length"),
        ("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", "Transfer-Encoding without chunked"),
        ("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "chunked not last"),
        ("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n", "empty Transfer-Encoding"),
        ("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding in HTTP/1.0"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n", "non-numeric Content-Length"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", "negative Content-Length"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: +0\r\n\r\n", "signed Content-Length"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x0\r\n\r\n", "hex Content-Length"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", "empty Content-Length"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0 0\r\n\r\n", "Content-Length with inner space"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0,\r\n\r\n", "Content-Length list with empty element"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0, 1\r\n\r\n", "conflicting Content-Length list"),
        ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 1\r\n\r\n", "conflicting Content-Length fields"),
    ])
    func refusesMalformedRequestsWith400(request: String, why: String) {
        #expect(ParserDriver.result(request).status == .badRequest, "\(why)")
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/9.9", "HTTP/0.0"])
    func refusesOtherVersionsWith505(version: String) {
        #expect(ParserDriver.result("GET / \(version)\r\nHost: h\r\n\r\n").status == .httpVersionNotSupported)
    }

    @Test func refusesTheHTTP2PrefaceWith505() {
        #expect(ParserDriver.result("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").status == .httpVersionNotSupported)
    }

    @Test func refusesLongTargetsWith414() {
        let target = "/" + String(repeating: "t", count: 8 * 1024)
        #expect(ParserDriver.result("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n").status == .uriTooLong)
        // Known before the line ends, with the default limits and with smaller ones.
        #expect(ParserDriver.result("GET \(target)").status == .uriTooLong)
        #expect(ParserDriver.result("GET /abcd HTTP/1.1\r\n", HTTPRequestParser(maxTargetBytes: 4)).status == .uriTooLong)
        #expect(ParserDriver.head("GET /abc HTTP/1.1\r\nHost: h\r\n\r\n", HTTPRequestParser(maxTargetBytes: 4)) != nil)
        // A request line that alone overflows the head limit is a long URI too.
        #expect(ParserDriver.result("GET /\(String(repeating: "t", count: 100))",
                                    HTTPRequestParser(maxTargetBytes: 1000, maxHeaderBytes: 64)).status == .uriTooLong)
    }

    @Test func refusesLargeHeadsWith431() {
        let many = String(repeating: "X-Field: value\r\n", count: 2000)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\n\(many)\r\n").status == .requestHeaderFieldsTooLarge)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\n\r\n", HTTPRequestParser(maxHeaderBytes: 20)).status
            == .requestHeaderFieldsTooLarge)
    }

    @Test func refusesBodiesWith413ByDefault() {
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx").status == .contentTooLarge)
        #expect(ParserDriver.result("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n").status == .contentTooLarge)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n").status == .contentTooLarge)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
                                    HTTPRequestParser(maxBodyBytes: 100)).status == .contentTooLarge)
    }

    @Test func skipsBodiesUpToTheLimit() throws {
        let parser = HTTPRequestParser(maxBodyBytes: 10)
        let results = ParserDriver.results(
            "OPTIONS * HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789GET /next HTTP/1.1\r\nHost: h\r\n\r\n", parser)
        #expect(results.count == 2)
        guard case .request(let first, let body) = results[0], case .request(let second, let none) = results[1] else {
            Issue.record("expected two requests, got \(results)")
            return
        }
        #expect(first.method == .options && body == 10)
        #expect(second.path == "/next" && none == 0)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", parser).status == .contentTooLarge)
    }

    @Test func acceptsRepeatedEqualContentLengths() {
        let parser = HTTPRequestParser(maxBodyBytes: 8)
        for fields in ["Content-Length: 5, 5", "Content-Length: 5\r\ncontent-length: 005", "Content-Length:5 ,5"] {
            let result = ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n\r\n12345", parser)
            guard case .request(_, let body) = result else {
                Issue.record("\(fields): \(result)")
                continue
            }
            #expect(body == 5)
        }
        #expect(ParserDriver.head("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n") != nil)
    }

    @Test func asksForALengthInsteadOfAChunkedBodyWhenBodiesAreAllowed() {
        #expect(ParserDriver.result("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n",
                                    HTTPRequestParser(maxBodyBytes: 100)).status == .lengthRequired)
    }

    @Test func refusesTooManyEmptyLinesBeforeARequest() {
        let parser = HTTPRequestParser(maxHeaderBytes: 64)
        #expect(ParserDriver.result(String(repeating: "\r\n", count: 32) + "GET", parser) == .needMore)
        #expect(ParserDriver.result(String(repeating: "\r\n", count: 33), parser).status == .badRequest)
    }

    // MARK: State

    @Test func errorsAreStickyAndFollowEarlierRequests() {
        var parser = HTTPRequestParser()
        let input = Array("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/9.9\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        let first = input.withUnsafeBufferPointer { parser.feed($0) }
        guard case .request(let head, _) = first else {
            Issue.record("expected the first request, got \(first)")
            return
        }
        #expect(head.path == "/1")
        #expect(parser.next() == .error(.httpVersionNotSupported))
        #expect(parser.next() == .error(.httpVersionNotSupported))
        let more = Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        #expect(more.withUnsafeBufferPointer { parser.feed($0) } == .error(.httpVersionNotSupported))
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func reportsAPartialRequest() {
        var parser = HTTPRequestParser(maxBodyBytes: 4)
        func feed(_ text: String) -> HTTPRequestParser.Result {
            Array(text.utf8).withUnsafeBufferPointer { parser.feed($0) }
        }
        #expect(!parser.hasPartialRequest)
        #expect(feed("\r\n") == .needMore)
        #expect(!parser.hasPartialRequest)
        #expect(feed("GET / HT") == .needMore)
        #expect(parser.hasPartialRequest)
        #expect(feed("TP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab") != .needMore)
        #expect(parser.hasPartialRequest)  // two body bytes to go
        #expect(feed("cd") == .needMore)
        #expect(!parser.hasPartialRequest)
    }

    @Test func clampsNonsensicalLimits() {
        let parser = HTTPRequestParser(maxTargetBytes: 0, maxHeaderBytes: -5, maxBodyBytes: -1)
        #expect(parser.maxTargetBytes == 1 && parser.maxHeaderBytes == 1 && parser.maxBodyBytes == 0)
        #expect(ParserDriver.result("GET / HTTP/1.1\r\n\r\n", parser).status == .uriTooLong)
    }
}
