import Foundation
import Glibc
import Testing
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// Connections that pipeline far more requests than they read get a bounded share of their
/// shard per loop turn, so everyone else is still answered at once.
@Suite struct PipelineFloodTests {
    @Test func healthzAnswersWhile200ConnectionsFloodUnreadPipelinedRequests() throws {
        HTTPAbuseTests.raiseLimit()
        let d = try ServedDaemon("pipeline-flood")
        _ = try d.get("/metrics")  // rendered once: every flooded request is served from the cache
        let request = Array("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let flood = Array(repeating: request, count: 64 * 1024 / request.count).flatMap { $0 }
        var fds: [Int32] = []
        defer { for fd in fds { close(fd) } }
        for _ in 0..<200 {
            let fd = HTTPAbuseTests.open(d.port, receiveBuffer: 4096)
            guard fd >= 0 else { Issue.record("connect failed: \(errno)"); return }
            // Non-blocking: whatever the server has not read yet stays in our send buffer.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            fds.append(fd)
        }
        for fd in fds {
            _ = flood.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var times: [Double] = []
        for _ in 0..<5 {
            let start = Date()
            let c = try HTTPTestClient(port: d.port, timeout: 20)
            try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try c.readResponse().status == 200)
            times.append(Date().timeIntervalSince(start))
            usleep(100_000)
        }
        print("GET /healthz while 200 connections flood unread pipelined /metrics (s): \(times.map { ($0 * 1000).rounded() / 1000 })")
        #expect(times.allSatisfy { $0 < 2 }, "\(times)")
    }
}
