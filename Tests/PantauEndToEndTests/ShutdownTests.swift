import Foundation
import Glibc
import PantauCore
@testable import PantauServe
import PantauSystem
import PantauTestKit
import Testing

/// The stop of the real binary: SSE streams end, the final checkpoint is written, the exit status
/// tells whether it was; a second signal during the stop is logged and does not cut it short.
@Suite struct ShutdownTests {
    /// A spool with `tickets` simulated tickets (open ones make the engine state, and so the final
    /// checkpoint, large enough that the stop takes a while).
    static func fill(_ spool: URL, tickets: Int) throws {
        let r = try ProcessRunner.run(TestPaths.binary, ["simulate", "--to", spool.appendingPathComponent("events.jsonl").path,
                                                         "--tickets", "\(tickets)", "--seed", "5", "--open-only",
                                                         "--start", "2026-12-01T08:00:00Z"])
        guard r.status == 0 else { throw ServedDaemonError("simulate failed: \(r.stderr)") }
    }

    @Test func aSecondSignalDuringTheStopIsLoggedAndTheStopFinishes() throws {
        // Several tries: the second signal must land while the stop runs (it takes tens of ms
        // with this state); a try where the process was already gone proves nothing and is repeated.
        for attempt in 1...5 {
            let d = try ServedDaemon("second-signal-\(attempt)", prepare: { try Self.fill($0, tickets: 40_000 * attempt) })
            kill(d.process.pid, SIGTERM)
            guard d.waitForLine(containing: "notice: stopping", seconds: 10) != nil else {
                Issue.record("no stop logged: \(d.logText)")
                return
            }
            let delivered = kill(d.process.pid, SIGINT) == 0
            d.process.waitUntilExit()
            guard delivered, d.logText.contains("already stopping") else { continue }
            #expect(d.process.terminationStatus == 0)
            let log = d.logText
            #expect(log.contains("already stopping; the stop goes on to its final checkpoint"))
            #expect(log.contains("final checkpoint written"))
            #expect(log.contains("notice: stopped"))
            // The checkpoint holds every ticket.
            guard case .loaded(let c) = CheckpointStore(directory: d.state.path).load() else {
                Issue.record("no final checkpoint")
                return
            }
            #expect(c.files.count == 1 && c.files[0].offset > 0)
            return
        }
        Issue.record("the stop always finished before the second signal arrived")
    }

    @Test func sseStreamsEndAtTheStopAndTheExitIsClean() throws {
        let d = try ServedDaemon("stop-streams")
        let clients = try (0..<3).map { _ in try SSETestClient(port: d.port) }
        for c in clients { #expect(c.next("snapshot") != nil) }
        #expect(d.stop() == 0)
        for c in clients { #expect(c.next(within: 2) == nil && c.ended) }
        #expect(d.logText.contains("HTTP stopped SSE_CLIENTS_ENDED=3"))
    }
}
