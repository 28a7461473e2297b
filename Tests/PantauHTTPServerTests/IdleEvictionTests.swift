import Foundation
import Glibc
import Testing
@testable import PantauHTTPServer

/// With `maxConnections` open, a new connection is admitted by closing the shard's longest-idle
/// keep-alive connection (idle at least `evictableIdleSeconds`); streams and requests in progress
/// are never closed for it, and without an idle connection the newcomer gets `503`.
@Suite struct IdleEvictionTests {
    /// `count` keep-alive connections, each after one answered request.
    static func idleConnections(_ count: Int, port: UInt16) throws -> [TestSocket] {
        try (0..<count).map { _ in
            let c = try TestSocket(port: port)
            c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(c.readResponse())
            #expect(r.status == 200)
            c.consume(r.length)
            return c
        }
    }

    @Test func aNewRequestClosesTheLongestIdleKeepAliveConnection() throws {
        let s = try TestServer {
            $0.maxConnections = 8
            $0.evictableIdleSeconds = 0.2
        }
        let idle = try Self.idleConnections(8, port: s.port)
        usleep(400_000)
        var newcomers: [TestSocket] = []  // kept open: each holds the place it was given
        for k in 0..<3 {
            let c = try TestSocket(port: s.port)
            newcomers.append(c)
            c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(c.readResponse(), "newcomer \(k) got no answer")
            #expect(r.status == 200)
            // The oldest idle ones went first, closed without a word.
            #expect(idle[k].readToEnd() && idle[k].received.isEmpty, "idle connection \(k) was not closed")
        }
        #expect(s.statistics.idleEvicted == 3)
        #expect(s.statistics.connectionCount <= 8)
        // The others still serve.
        idle[7].send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle[7].readResponse()?.status == 200)
    }

    @Test func connectionsIdleOnlyAMomentAreNotClosed() throws {
        let s = try TestServer {
            $0.maxConnections = 4
            $0.evictableIdleSeconds = 5
        }
        let idle = try Self.idleConnections(4, port: s.port)
        let c = try TestSocket(port: s.port)
        c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(c.readResponse()?.status == 503)
        #expect(s.statistics.idleEvicted == 0)
        idle[0].send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle[0].readResponse()?.status == 200)
    }

    @Test func streamsAreNeverClosedToAdmitOthers() throws {
        let s = try TestServer {
            $0.maxConnections = 4
            $0.evictableIdleSeconds = 0.1
        }
        var streams: [TestSocket] = []
        for _ in 0..<4 {
            let c = try TestSocket(port: s.port)
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            streams.append(c)
        }
        #expect(s.wait { s.statistics.connectionCount == 4 })
        usleep(300_000)
        let c = try TestSocket(port: s.port)
        c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(c.readResponse()?.status == 503)
        #expect(s.statistics.idleEvicted == 0)
        #expect(s.statistics.connectionCount == 4)
    }
}
