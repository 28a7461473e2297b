import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

/// SPEC §4: after any stop, SIGKILL included, the restarted daemon's figures equal those of one
/// uninterrupted run over the same events. The real `pantau serve --clock events` is fed live
/// (one stream in `ts` order, rotated by rename, with batch files dropped through `tmp/`) while it
/// is killed at random moments and restarted; at the end its state equals `pantau replay`.
/// `TestScale` scales the kills (`make soak` runs five times as many).
@Suite struct CrashRecoveryTests {
    static let killScale = TestScale.factor

    /// Writes the stream into the spool in `ts` order, as lines become "available".
    final class Feeder: @unchecked Sendable {
        let spool: URL
        let lines: [[UInt8]]
        let rotateEvery: Int
        let batchLines: Int
        private let lock = NSLock()
        private var written = 0

        init(spool: URL, lines: [[UInt8]], rotateEvery: Int = 2500, batchLines: Int = 150) {
            self.spool = spool
            self.lines = lines
            self.rotateEvery = rotateEvery
            self.batchLines = batchLines
        }

        var progress: Int { lock.withLock { written } }

        /// Feeds `perStep` lines every `stepMicroseconds`.
        func run(perStep: Int, stepMicroseconds: UInt32) {
            let live = spool.appendingPathComponent("events.jsonl").path
            var fd = open(live, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            var inFile = 0, rotation = 0, i = 0
            while i < lines.count {
                let end = min(i + perStep, lines.count)
                while i < end {
                    if inFile == rotateEvery {
                        // Rotate by rename to another matching name, then drop a batch through tmp/.
                        close(fd)
                        rotation += 1
                        rename(live, spool.appendingPathComponent(String(format: "events-%04d.jsonl", rotation)).path)
                        let batchEnd = min(i + batchLines, lines.count)
                        let tmp = spool.appendingPathComponent("tmp/batch-\(rotation).jsonl").path
                        let b = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                        let bytes = Array(lines[i..<batchEnd].joined())
                        _ = bytes.withUnsafeBytes { write(b, $0.baseAddress, $0.count) }
                        close(b)
                        rename(tmp, spool.appendingPathComponent(String(format: "batch-%04d.jsonl", rotation)).path)
                        i = batchEnd
                        fd = open(live, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                        inFile = 0
                        continue
                    }
                    _ = lines[i].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    i += 1
                    inFile += 1
                }
                lock.withLock { written = i }
                usleep(stepMicroseconds)
            }
            close(fd)
            lock.withLock { written = lines.count }
        }
    }

    struct Setup {
        let dir: URL, spool: URL, state: URL, conf: URL, staging: URL
        let lines: [[UInt8]]
    }

    static func setup(_ name: String, checkpointInterval: String, tickets: Int) throws -> Setup {
        let dir = try TestPaths.scratch("crash-\(name)")
        let spool = dir.appendingPathComponent("spool"), state = dir.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: spool.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let base = try String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8)
        let conf = dir.appendingPathComponent("pantau.conf")
        try (base + "\n[Daemon]\nSpool=\(spool.path)\nState=\(state.path)\nCheckpointInterval=\(checkpointInterval)\n")
            .write(to: conf, atomically: true, encoding: .utf8)
        var sim = TrafficSimulator(seed: UInt64(name.utf8.count), start: RFC3339.parse("2026-03-04T07:00:00+07:00")!,
                                   ticketsPerHour: 1500, ticketLimit: tickets)
        var lines: [[UInt8]] = []
        var buffer: [UInt8] = []
        while sim.nextLine(into: &buffer) {
            lines.append(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        let staging = dir.appendingPathComponent("all.jsonl")
        try Data(lines.joined()).write(to: staging)
        return Setup(dir: dir, spool: spool, state: state, conf: conf, staging: staging, lines: lines)
    }

    static func startDaemon(_ s: Setup, run: Int) throws -> (ChildProcess, URL) {
        let log = s.dir.appendingPathComponent("serve-\(run).log")
        let p = try ChildProcess(TestPaths.binary.path, ["serve", "--config", s.conf.path, "--clock", "events", "--listen", "127.0.0.1:0"],
                                 output: log.path)
        return (p, log)
    }

    /// Runs the kill loop and returns (kills, final snapshot JSON, replay JSON).
    static func crashLoop(_ s: Setup, minKills: Int, garble: Bool) throws -> (Int, String, String) {
        let feeder = Feeder(spool: s.spool, lines: s.lines)
        let feeding = Thread { feeder.run(perStep: 150, stepMicroseconds: 20_000) }
        feeding.start()
        var rng = SplitMix64(seed: 99)
        var kills = 0, run = 0, garbled = 0
        // With `garble`, at least one damaged checkpoint (a run killed before its first
        // checkpoint leaves none to damage: on a loaded machine that happens; the runs then last
        // longer until one has written a checkpoint).
        while kills < minKills || feeder.progress < s.lines.count || (garble && garbled < 1 && kills < 100) {
            if garble, kills % 4 == 3 || (kills >= minKills && garbled < 1) {
                // Damage the checkpoint between runs: the daemon must move it aside and rebuild.
                let path = s.state.appendingPathComponent("checkpoint.bin").path
                if access(path, F_OK) == 0 {
                    garbled += 1
                    if rng.next() % 2 == 0 { truncate(path, 20) } else if let fd = Optional(open(path, O_WRONLY)), fd >= 0 {
                        _ = "garbage!".withCString { pwrite(fd, $0, 8, 12) }
                        close(fd)
                    }
                }
            }
            let (p, _) = try startDaemon(s, run: run)
            run += 1
            let overdue = garble && garbled < 1 && kills >= minKills
            usleep(UInt32(overdue ? 800_000 : 30_000 + rng.next() % 200_000))
            kill(p.pid, SIGKILL)
            p.waitUntilExit()
            kills += 1
            if kills > 400 { break }
        }
        // Final, uninterrupted run to the end of the spool, then a clean stop.
        let (p, log) = try startDaemon(s, run: run)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOf: log, encoding: .utf8), text.contains("caught up with the spool") { break }
            usleep(50_000)
        }
        kill(p.pid, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let configuration = try ConfigurationLoader.load(path: s.conf.path).get()
        guard case .loaded(let checkpoint) = CheckpointStore(directory: s.state.path).load() else {
            Issue.record("no checkpoint after the final run")
            return (kills, "", "")
        }
        let settings = EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current)
        let engine = try SLAEngine(settings: settings, decodingState: checkpoint.engineState)
        let live = SnapshotJSONRenderer.render(engine.snapshot())
        let replay = SnapshotJSONRenderer.render(try ReplayCommand.replay(files: [s.staging.path], configuration: configuration, now: nil))
        print("crash test \(s.dir.lastPathComponent): \(s.lines.count) lines, survived \(kills) SIGKILLs, \(engine.totals.applied) applied")
        return (kills, live, replay)
    }

    @Test func survivesRandomKillsWithIdenticalFigures() throws {
        let s = try Self.setup("kills", checkpointInterval: "200ms", tickets: 4000)
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let (kills, live, replay) = try Self.crashLoop(s, minKills: 12 * Self.killScale, garble: false)
        #expect(kills >= 12 * Self.killScale)
        #expect(live == replay)
    }

    @Test func survivesKillsDuringCheckpointWrites() throws {
        let s = try Self.setup("tiny-interval", checkpointInterval: "10ms", tickets: 3000)
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let (kills, live, replay) = try Self.crashLoop(s, minKills: 12 * Self.killScale, garble: false)
        #expect(kills >= 12 * Self.killScale)
        #expect(live == replay)
    }

    @Test func rebuildsFromTheSpoolWhenTheCheckpointIsDamaged() throws {
        let s = try Self.setup("garbled", checkpointInterval: "100ms", tickets: 2500)
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let (kills, live, replay) = try Self.crashLoop(s, minKills: 8 * Self.killScale, garble: true)
        #expect(kills >= 8 * Self.killScale)
        #expect(live == replay)
        let broken = try FileManager.default.contentsOfDirectory(atPath: s.state.path).filter { $0.contains("broken") }
        #expect(!broken.isEmpty)
    }
}
