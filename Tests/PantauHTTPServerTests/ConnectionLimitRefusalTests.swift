import Foundation
import Glibc
import Testing
@testable import PantauHTTPServer

/// Past `maxConnections` (and nothing idle to close for it) a connection is answered `503` and
/// closed so that the client reads the answer: the request it sent is read and dropped, the
/// sending side shut, and the socket closed once the client has closed its side, never with
/// unread input (which makes the kernel send a reset instead).
@Suite struct ConnectionLimitRefusalTests {
    @Test func theRefusalIsReadByClientsThatSentARequestNotReset() throws {
        let s = try TestServer { $0.maxConnections = 4 }
        // Four requests in progress (heads begun): nothing idle to close for a newcomer.
        var holders: [TestSocket] = []
        for _ in 0..<4 {
            let h = try TestSocket(port: s.port)
            h.send("GET /healthz HTTP/1.1\r\nHo")
            holders.append(h)
        }
        #expect(s.wait { s.statistics.connectionCount == 4 })
        var answered = 0, resets = 0, other: [String] = []
        for k in 0..<40 {
            let c = try TestSocket(port: s.port)
            // A whole request and more, already in the server's receive buffer when it refuses.
            c.send("GET /healthz?k=\(k) HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "p", count: 2000))\r\n\r\n")
            usleep(5_000)
            let ended = c.readToEnd()
            if let r = TestResponse(parsing: c.received), r.status == 503 {
                answered += 1
                if k == 0 {
                    #expect(r.header("Retry-After") == "5")
                    #expect(r.header("Connection") == "close")
                    #expect(r.header("Date") != nil)
                    #expect(r.header("Content-Type") == "text/plain; charset=utf-8")
                    #expect(r.length == c.received.count, "Content-Length does not match the body")
                }
            } else {
                other.append(String(decoding: c.received.prefix(80), as: UTF8.self))
            }
            if !ended && c.readError == ECONNRESET { resets += 1 }
        }
        #expect(answered == 40, "\(answered) of 40 read the 503; \(resets) resets; others: \(other.prefix(3))")
        #expect(resets == 0)
        #expect(s.statistics.refusedOverLimit == 40)
        #expect(s.statistics.connectionCount == 4)
    }
}
