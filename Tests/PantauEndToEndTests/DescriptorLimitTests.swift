import Foundation
import Glibc
import Testing
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// `MaxConnections=` is clamped to what the descriptor limit leaves once the daemon's own files
/// are provided for, so idle connections can never starve the spool, the checkpoint or the
/// endpoints; at the limit the longest-idle keep-alive connection makes room for a new request.
@Suite struct DescriptorLimitTests {
    typealias L = HTTPEndpointTests

    @Test func idleConnectionsBeyondTheDescriptorLimitStarveNothing() throws {
        HTTPAbuseTests.raiseLimit()
        let d = try ServedDaemon("fd-limit", descriptorLimit: 400)
        // Logged before `listening`, as a warning naming both numbers.
        let warning = d.logText.split(separator: "\n").first { $0.contains("MaxConnections=") } ?? ""
        #expect(warning.hasPrefix("<4>warning:") && warning.contains("20000") && warning.contains("400"),
                "no warning about the clamp: \(d.logText)")

        // Far more idle connections than the daemon has descriptors.
        var fds: [Int32] = []
        defer { for fd in fds { close(fd) } }
        for _ in 0..<600 {
            let fd = HTTPAbuseTests.open(d.port)
            if fd >= 0 { fds.append(fd) }
        }
        sleep(2)  // old enough to be closed for a newcomer
        for target in ["/healthz", "/metrics", "/healthz"] {
            let start = Date()
            let r = try d.get(target, timeout: 5)
            #expect(r.status == 200, "\(target): \(r.status)")
            #expect(Date().timeIntervalSince(start) < 2)
        }
        // A new spool file is opened and applied.
        let fd = open(d.spool.appendingPathComponent("late.jsonl").path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let line = L.line("n1", "N1", "created", "2026-03-02T08:00:00Z", channel: "chat")
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        var applied = false
        let deadline = Date().addingTimeInterval(10)
        while !applied && Date() < deadline {
            applied = (try? d.get("/api/v1/snapshot", timeout: 5).text.contains(#""applied":1"#)) ?? false
            if !applied { usleep(100_000) }
        }
        #expect(applied, "the new spool file was not applied: \(d.logText.suffix(2000))")
        #expect(!d.logText.contains("Too many open files"), "\(d.logText.suffix(2000))")
    }
}
