import Testing
@testable import PantauHTTP

/// Exact response heads.
@Suite struct HTTPResponseHeadTests {
    private func render(_ status: HTTPStatus, _ headers: HTTPHeaders = [:], length: Int?, keepAlive: Bool) -> (String, Bool) {
        var buffer: [UInt8] = []
        let persists = HTTPResponseHead.render(status: status, headers: headers, contentLength: length,
                                               keepAlive: keepAlive, into: &buffer)
        return (String(decoding: buffer, as: UTF8.self), persists)
    }

    @Test func rendersAMetricsResponse() {
        let (text, persists) = render(.ok, [
            "Date": "Sun, 23 Nov 2025 15:00:00 GMT",
            "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
        ], length: 1234, keepAlive: true)
        #expect(text == "HTTP/1.1 200 OK\r\nDate: Sun, 23 Nov 2025 15:00:00 GMT\r\n"
            + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: 1234\r\nConnection: keep-alive\r\n\r\n")
        #expect(persists)
    }

    @Test func rendersAnErrorThatCloses() {
        let (text, persists) = render(.requestHeaderFieldsTooLarge, length: 0, keepAlive: false)
        #expect(text == "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(!persists)
    }

    @Test func anEventStreamWithoutLengthCloses() {
        let (text, persists) = render(.ok, ["Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                                            "X-Accel-Buffering": "no"], length: nil, keepAlive: true)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "X-Accel-Buffering: no\r\nConnection: close\r\n\r\n")
        #expect(!persists)
    }

    @Test func statusesWithoutContentNeedNoLength() {
        #expect(render(.noContent, length: nil, keepAlive: true) == ("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n", true))
        #expect(render(.noContent, length: 10, keepAlive: true) == ("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n", true))
        #expect(render(.notModified, length: nil, keepAlive: true) == ("HTTP/1.1 304 Not Modified\r\nConnection: keep-alive\r\n\r\n", true))
        #expect(render(.notModified, length: 5, keepAlive: true).0.contains("Content-Length: 5\r\n"))
    }

    @Test func ownsFramingFieldsAndCannotBeSplit() {
        let (text, _) = render(.ok, [
            "content-length": "99", "Connection": "upgrade", "Bad Name": "x", "": "y",
            "X-Injected": "a\r\nSet-Cookie: evil\u{0}", "X-Tab": "a\tb",
        ], length: 0, keepAlive: true)
        #expect(text == "HTTP/1.1 200 OK\r\nX-Injected: a  Set-Cookie: evil \r\nX-Tab: a\tb\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
        let (odd, _) = render(HTTPStatus(code: 7, reasonPhrase: "x"), length: 0, keepAlive: false)
        #expect(odd.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        let (custom, _) = render(HTTPStatus(code: 299, reasonPhrase: "Fine\r\nX: y"), length: 0, keepAlive: false)
        #expect(custom.hasPrefix("HTTP/1.1 299 Fine  X: y\r\nContent-Length: 0\r\n"))
    }

    @Test func appendsToTheCallersBuffer() {
        var buffer = Array("previous".utf8)
        HTTPResponseHead.render(status: .notFound, headers: [:], contentLength: 0, keepAlive: true, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "previousHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
    }
}
