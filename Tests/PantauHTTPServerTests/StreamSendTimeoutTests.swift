import Foundation
import Glibc
import Testing
@testable import PantauHTTPServer

/// A stream whose client stops reading is dropped either when its queue passes
/// `maxStreamPendingBytes` or when its queued bytes stop moving for `sendTimeout`; both are slow
/// clients, counted in `slowClientsDropped` (`pantau_http_refused_total{reason="slow_client"}`).
@Suite struct StreamSendTimeoutTests {
    @Test func aStreamDroppedByTheSendTimeoutCountsAsASlowClient() throws {
        let s = try TestServer {
            $0.sendTimeout = 1
            $0.maxStreamPendingBytes = 64 << 20  // never reached: only the timeout can drop it
        }
        // 4 MiB of first bytes for a client that reads nothing through a 4 KiB window: the
        // queue stops moving at once and stays under the pending limit.
        let c = try TestSocket(port: s.port, receiveBuffer: 4096)
        c.send("GET /stream?bytes=4194304 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(s.wait { s.statistics.connectionCount == 1 })
        #expect(s.wait(seconds: 6) { s.statistics.connectionCount == 0 }, "the stalled stream was not closed")
        #expect(s.statistics.slowClientsDropped == 1)
    }

    @Test func aStalledKeepAliveResponseIsNotASlowClient() throws {
        // Only streams are slow clients; a plain response that stalls (more than the kernel's
        // buffers take) is closed uncounted.
        let s = try TestServer { $0.sendTimeout = 1 }
        let c = try TestSocket(port: s.port, receiveBuffer: 4096)
        c.send("GET /big?bytes=16777216 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(s.wait { s.statistics.requestsServed == 1 })
        #expect(s.wait(seconds: 6) { s.statistics.connectionCount == 0 }, "the stalled response was not closed")
        #expect(s.statistics.slowClientsDropped == 0)
    }
}
