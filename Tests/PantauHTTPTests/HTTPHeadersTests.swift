import Testing
@testable import PantauHTTP

/// Field lookup without regard to case, list values, and the keep-alive rules of RFC 9112 §9.3.
@Suite struct HTTPHeadersTests {
    @Test func looksUpAcceptWithoutRegardToCaseAndJoinsRepeatedFields() {
        let headers: HTTPHeaders = [
            "Host": "h", "accept": "application/openmetrics-text;version=1.0.0;q=0.6", "X": "1",
            "ACCEPT": "text/plain;version=0.0.4;q=0.3", "Accept": "*/*;q=0.2",
        ]
        #expect(headers.value(for: "Accept") == "application/openmetrics-text;version=1.0.0;q=0.6, text/plain;version=0.0.4;q=0.3, */*;q=0.2")
        #expect(headers["aCcEpT"] == headers.value(for: "Accept"))
        #expect(headers.values(for: "accept") == [
            "application/openmetrics-text;version=1.0.0;q=0.6", "text/plain;version=0.0.4;q=0.3", "*/*;q=0.2",
        ])
        #expect(headers.value(for: "Accept-Encoding") == nil)
        #expect(headers.values(for: "Accept-Encoding").isEmpty)
        #expect(headers.contains("HOST") && !headers.contains("Hos"))
    }

    @Test func parsedRepeatedAcceptFieldsJoin() throws {
        let head = try #require(ParserDriver.head("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/plain\r\naccept: */*\r\n\r\n"))
        #expect(head.headers["Accept"] == "text/plain, */*")
    }

    @Test func editsKeepOrder() {
        var headers = HTTPHeaders()
        headers.add(name: "A", value: "1")
        headers.add(name: "B", value: "2")
        headers.add(name: "a", value: "3")
        headers.replaceOrAdd(name: "A", value: "4")
        #expect(headers.fields.map { "\($0.name)=\($0.value)" } == ["B=2", "A=4"])
        headers.remove(name: "b")
        #expect(headers.count == 1)
        #expect(Array(headers).map(\.value) == ["4"])
    }

    @Test func equalityIgnoresNameCaseButNotOrderOrValues() {
        #expect(HTTPHeaders(dictionaryLiteral: ("Host", "h"), ("X", "1")) == HTTPHeaders([(name: "host", value: "h"), (name: "x", value: "1")]))
        #expect(HTTPHeaders([(name: "X", value: "1"), (name: "Y", value: "2")]) != HTTPHeaders([(name: "Y", value: "2"), (name: "X", value: "1")]))
        #expect(HTTPHeaders([(name: "X", value: "a")]) != HTTPHeaders([(name: "X", value: "A")]))
    }

    @Test func listElementsSpanFieldsAndDropEmptyOnes() {
        let headers: HTTPHeaders = ["Connection": " Upgrade ,, keep-alive", "connection": "\tTE"]
        #expect(headers.listElements(for: "CONNECTION") == ["Upgrade", "keep-alive", "TE"])
        #expect(headers.containsToken("KEEP-ALIVE", in: "Connection"))
        #expect(!headers.containsToken("keep", in: "Connection"))
    }

    @Test(arguments: [
        // HTTP/1.1: on unless close.
        (HTTPVersion.http1_1, [String](), true),
        (.http1_1, ["close"], false),
        (.http1_1, ["Close"], false),
        (.http1_1, ["keep-alive, close"], false),
        (.http1_1, ["keep-alive", "close"], false),
        (.http1_1, ["keep-alive"], true),
        (.http1_1, ["Upgrade"], true),
        (.http1_1, ["closed"], true),
        // HTTP/1.0: off unless keep-alive, and close still wins.
        (.http1_0, [], false),
        (.http1_0, ["keep-alive"], true),
        (.http1_0, ["Keep-Alive"], true),
        (.http1_0, ["TE, keep-alive"], true),
        (.http1_0, ["keep-alive", "close"], false),
        (.http1_0, ["close"], false),
    ])
    func keepAliveFollowsVersionAndConnection(version: HTTPVersion, connection: [String], expected: Bool) {
        let headers = HTTPHeaders(connection.map { (name: "Connection", value: $0) })
        #expect(headers.keepAlive(for: version) == expected)
        let fields = connection.map { "Connection: \($0)\r\n" }.joined()
        let head = ParserDriver.head("GET / \(version)\r\nHost: h\r\n\(fields)\r\n")
        #expect(head?.keepAlive == expected)
    }
}
