import Foundation
import Glibc
import Testing
import PantauTestKit

/// The real `pantau serve` under hostile producers, disks and signals (issue #8). Bounds are
/// generous: these assert behaviour; speed targets are benchmarks.
@Suite struct ServeHardeningTests {
    // MARK: Helpers

    static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func line(_ id: String, _ ticket: String, _ type: String, at date: Date, channel: String? = nil) -> String {
        EventLine.json(id, ticket, type, ts: rfc3339(date), channel: channel)
    }

    static func snapshot(_ d: ServedDaemon) throws -> [String: Any] {
        let r = try d.get("/api/v1/snapshot")
        return (try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]) ?? [:]
    }

    static func applied(_ s: [String: Any]) -> Int { ((s["events"] as? [String: Any])?["applied"] as? Int) ?? -1 }

    static func firstResponse(_ s: [String: Any], _ channel: String, _ field: String) -> Int {
        let c = (s["channels"] as? [String: Any])?[channel] as? [String: Any]
        let sla = (c?["sla"] as? [String: Any])?["first_response"] as? [String: Any]
        return sla?[field] as? Int ?? -1
    }

    /// Waits for the process to end, up to `seconds`; false if it is still running.
    // MARK: Item 1: one huge file stalls nothing

    @Test func aHugeFileWithoutNewlinesDelaysNoEventBreachOrStop() throws {
        let d = try ServedDaemon("huge-file", clock: "wall", prepare: { spool in
            let fd = open(spool.appendingPathComponent("huge.jsonl").path, O_WRONLY | O_CREAT, 0o644)
            ftruncate(fd, off_t(100 << 30))  // 100 GiB, sparse
            close(fd)
            let dense = open(spool.appendingPathComponent("dense.jsonl").path, O_WRONLY | O_CREAT, 0o644)
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            for _ in 0..<64 { _ = chunk.withUnsafeBytes { write(dense, $0.baseAddress, $0.count) } }
            close(dense)
        })
        // A hotline ticket (30 s first response) whose deadline is 1.5 s away.
        let created = Date().addingTimeInterval(-28.5)
        let deadline = created.addingTimeInterval(30)
        d.append(Self.line("h1-c", "h1", "created", at: created, channel: "hotline"), to: "calls.jsonl")
        let seen = try Polling.waitUntil(2) { Self.applied(try Self.snapshot(d)) == 1 }
        #expect(seen, "a new event waited behind the huge files")
        let breached = try Polling.waitUntil(deadline.timeIntervalSinceNow + 2) { Self.firstResponse(try Self.snapshot(d), "hotline", "breached") == 1 }
        #expect(breached)
        #expect(Date().timeIntervalSince(deadline) < 2, "the breach came late")
        let stopAsked = Date()
        kill(d.process.pid, SIGTERM)
        #expect(d.process.wait(seconds: 5))
        #expect(Date().timeIntervalSince(stopAsked) < 5)
        #expect(d.process.terminationStatus == 0)
    }

    // MARK: Item 2: many files, bounded descriptors

    @Test func thousandsOfFilesAreAllAppliedWithFewDescriptors() throws {
        // 4,000 in `make test`: sixty times the 64 descriptors the tailer keeps (`make soak`: 20,000).
        let files = 4_000 * TestScale.factor
        let start = Date().addingTimeInterval(-3600)
        let d = try ServedDaemon("many-files", prepare: { spool in
            for i in 0..<files {
                let text = Self.line("e\(i)", "t\(i)", "created", at: start.addingTimeInterval(Double(i) / 10), channel: "email")
                try text.write(to: spool.appendingPathComponent(String(format: "batch-%05d.jsonl", i)), atomically: false, encoding: .utf8)
            }
        }, waitForCatchUp: false)
        #expect(d.waitForLine(containing: "caught up", seconds: 120) != nil)
        #expect(Self.applied(try Self.snapshot(d)) == files)
        let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(d.process.pid)/fd").count
        #expect(fds < 200, "\(fds) descriptors open")
        #expect(d.stop() == 0)
    }

    // MARK: Items 3 and 12: a failing state disk deletes nothing and is reported

    @Test func failedCheckpointsAreCountedDeleteNothingAndFailTheStop() throws {
        let start = Date().addingTimeInterval(-3600)
        var blocker: URL!
        let d = try ServedDaemon("failing-state", config: "DeleteConsumed=1s\nCheckpointInterval=200ms\n", prepare: { spool in
            for i in 0..<5 {
                let text = (0..<20).map { Self.line("e\(i)-\($0)", "t\(i)-\($0)", "created", at: start.addingTimeInterval(Double(i * 20 + $0)), channel: "email") }.joined()
                try text.write(to: spool.appendingPathComponent("batch-\(i).jsonl"), atomically: false, encoding: .utf8)
            }
            // A directory where the temporary checkpoint goes: every write fails (as on a full disk).
            let state = spool.deletingLastPathComponent().appendingPathComponent("state")
            blocker = state.appendingPathComponent("checkpoint.bin.tmp")
            try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        })
        usleep(3_000_000)
        let left = try FileManager.default.contentsOfDirectory(atPath: d.spool.path).filter { $0.hasSuffix(".jsonl") }
        #expect(left.count == 5, "deleted without a durable checkpoint: \(left)")
        let metrics = try d.get("/metrics").text
        let failures = metrics.split(separator: "\n").first { $0.hasPrefix("pantau_checkpoint_failures_total ") }
        #expect(failures.map { Double($0.split(separator: " ")[1])! > 0 } == true, "\(failures ?? "no failure counter")")
        // The disk recovers: checkpoints succeed, and only now are the consumed files deleted.
        try FileManager.default.removeItem(at: blocker)
        let deleted = try Polling.waitUntil(10) {
            try FileManager.default.contentsOfDirectory(atPath: d.spool.path).filter { $0.hasSuffix(".jsonl") }.isEmpty
        }
        #expect(deleted)
        #expect(try d.get("/metrics").text.contains("pantau_checkpoint_age_seconds "))
        // It fails again just before the stop: the final checkpoint fails, and the exit says so.
        // (A write in flight may hold the name for a moment as a file.)
        #expect(Polling.waitUntil(5) { mkdir(blocker.path, 0o755) == 0 })
        usleep(500_000)
        #expect(d.stop() == 1)
        #expect(d.logText.contains("final checkpoint failed"))
        #expect(!d.logText.contains("final checkpoint written"))
    }

    // MARK: Items 5 and 20: logs cannot be forged, rejections can be found

    @Test func aForgedLogRecordInATicketIdStaysOneEscapedLineThatNamesTheLine() throws {
        let d = try ServedDaemon("log-injection")
        let now = Date()
        let bad = #"{"id":"evil-1","ts":"\#(Self.rfc3339(now))","ticket":"t1\n<0>emerg: forged record","type":"assigned"}"# + "\n"
        d.append(Self.line("ok-1", "t2", "created", at: now, channel: "chat") + bad)
        #expect(d.waitForLine(containing: "rejected line") != nil)
        let lines = d.logText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.hasPrefix("<0>") || $0.hasPrefix("<1>") || $0.hasPrefix("<2>") })
        let record = try #require(lines.first { $0.contains("rejected line") })
        #expect(record.contains(#"TICKET="t1\n<0>emerg: forged record""#))
        #expect(record.contains("REASON=unknown_ticket"))
        #expect(record.contains("LINE=2"))
        #expect(record.contains("EVENT_ID=evil-1"))
        #expect(record.contains("OFFSET=\(Self.line("ok-1", "t2", "created", at: now, channel: "chat").utf8.count)"))
        #expect(record.contains("events.jsonl"))
    }

    @Test func replaySummarisesRejectionsAndNamesTheFirstAsFileAndLine() throws {
        let dir = try TestPaths.scratch("replay-rejections")
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Date()
        let file = dir.appendingPathComponent("events.jsonl")
        try (Self.line("a", "t1", "created", at: now, channel: "chat") + "{not json\n"
             + Self.line("b", "nobody", "assigned", at: now) + Self.line("c", "t1", "agent_reply", at: now)).write(to: file, atomically: false, encoding: .utf8)
        let r = try ProcessRunner.run(TestPaths.binary, ["replay", "--config", TestPaths.defaultConfiguration.path, file.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("2 rejected lines: invalid_json 1, unknown_ticket 1"), "\(r.stderr)")
        #expect(r.stderr.contains("\(file.path):2: invalid_json"))
        #expect(r.stderr.contains("\(file.path):3: unknown_ticket"))
    }

    // MARK: Item 4: names are bytes, in replay too

    @Test func replayReadsAFileWhoseNameIsNotUTF8() throws {
        let dir = try TestPaths.scratch("replay-bytes")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            f="$(printf '%s/caf\\351.jsonl' "$1")"
            printf '%s\\n' '{"id":"a","ts":"2026-03-02T08:00:00Z","ticket":"t1","type":"created","channel":"chat"}' > "$f"
            exec "$2" replay --config "$3" "$f"
            """
        let r = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", dir.path, TestPaths.binary.path, TestPaths.defaultConfiguration.path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(((json?["events"] as? [String: Any])?["applied"] as? Int) == 1)
    }

    // MARK: Item 7: after a pause, the spool before the clock

    @Test func afterAPauseRepliesAlreadyInTheSpoolAreAppliedBeforeDeadlinesAreDecided() throws {
        let d = try ServedDaemon("pause", clock: "wall")
        // 20 hotline tickets (30 s first response) due in 1.5 s.
        let created = Date().addingTimeInterval(-28.5)
        let deadline = created.addingTimeInterval(30)
        d.append((0..<20).map { Self.line("c\($0)", "h\($0)", "created", at: created, channel: "hotline") }.joined())
        #expect(try Polling.waitUntil(5) { Self.applied(try Self.snapshot(d)) == 20 })
        kill(d.process.pid, SIGSTOP)
        // While it is stopped: more than one batch of other lines, then the replies, all in time.
        let now = Date()
        var backlog = (0..<25_000).map { Self.line("f\($0)", "f\($0)", "created", at: now, channel: "email") }.joined()
        backlog += (0..<20).map { Self.line("r\($0)", "h\($0)", "agent_reply", at: now) }.joined()
        d.append(backlog)
        usleep(useconds_t(max(0, deadline.timeIntervalSinceNow + 0.8) * 1e6))
        kill(d.process.pid, SIGCONT)
        #expect(try Polling.waitUntil(30) { Self.applied(try Self.snapshot(d)) == 25_040 })
        let s = try Self.snapshot(d)
        #expect(Self.firstResponse(s, "hotline", "met") == 20)
        #expect(Self.firstResponse(s, "hotline", "breached") == 0)
    }

    // MARK: Item 11: FIFOs never hang the daemon or check-config

    @Test func aFIFOAsTheCheckpointIsMovedAsideAndAFIFODropInIsAnError() throws {
        let d = try ServedDaemon("fifo-checkpoint", prepare: { spool in
            let state = spool.deletingLastPathComponent().appendingPathComponent("state")
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
            mkfifo(state.appendingPathComponent("checkpoint.bin").path, 0o644)
        })
        #expect(d.logText.contains("checkpoint unreadable; moved aside"))
        #expect(d.stop() == 0)

        let dir = try TestPaths.scratch("fifo-dropin")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Channel chat]\nFirstResponse=1min\n".write(to: conf, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pantau.conf.d"), withIntermediateDirectories: true)
        mkfifo(dir.appendingPathComponent("pantau.conf.d/10-fifo.conf").path, 0o644)
        let r = try ProcessRunner.run(TestPaths.binary, ["check-config", "--config", conf.path], timeout: 10)
        #expect(r.status == 78)  // EX_CONFIG: a drop-in is invalid
        #expect(r.stderr.contains("10-fifo.conf") && r.stderr.contains("FIFO"), "\(r.stderr)")
    }

    // MARK: Item 19: a signal at any moment from process start is honoured

    @Test func terminationSignalsAtRandomMomentsOfStartUpAreAllHonoured() throws {
        let dir = try TestPaths.scratch("startup-signals")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\n[Channel chat]\nFirstResponse=1min\n"
            .write(to: conf, atomically: false, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        let runs = 40 * TestScale.factor  // 200 in `make soak`
        var hung = 0, unclean: [String] = []
        for i in 0..<runs {
            let p = try ChildProcess(TestPaths.binary.path, ["serve", "--config", conf.path, "--clock", "events", "--listen", "127.0.0.1:0"])
            usleep(UInt32.random(in: 0...60_000, using: &generator))
            kill(p.pid, i % 2 == 0 ? SIGTERM : SIGINT)
            if !p.wait(seconds: 10) {
                hung += 1
                p.kill9()
                continue
            }
            // Exit 0 (handled), or killed by it before `main` could block it: both honour it.
            let ended = p.waitUntilExit()
            let ok = ended == .exit(0) || ended == .signal(SIGTERM) || ended == .signal(SIGINT)
            if !ok { unclean.append("run \(i): \(ended)") }
        }
        #expect(hung == 0, "\(hung) of \(runs) starts ignored the signal")
        #expect(unclean.isEmpty, "\(unclean)")
    }
}
