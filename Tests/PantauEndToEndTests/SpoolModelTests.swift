import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

/// Model-based: random sequences of producer operations (appends, partial lines, renames,
/// copytruncate, delete and re-create on a likely reused inode, symlink swaps, batches, many
/// files at once, every line sharing a 100-byte prefix) interleaved with daemon SIGKILLs,
/// SIGTERMs and restarts. After each sequence the real daemon's durable checkpoint must equal
/// `pantau replay` of everything written, as one file: nothing lost, nothing applied twice.
///
/// `PANTAU_SPOOL_MODEL_SEQUENCES` (default 16, what `make test` runs) sets how many sequences run, spread over eight
/// parallel cases; `PANTAU_SPOOL_MODEL_SEED` the first seed (default 1). `make soak` runs
/// thousands. A failure names its seed and prints the operations; rerun it alone with
/// `PANTAU_SPOOL_MODEL_SEED=<seed> PANTAU_SPOOL_MODEL_SEQUENCES=1`.
@Suite struct SpoolModelTests {
    static let environment = ProcessInfo.processInfo.environment
    static let sequences = max(1, Int(environment["PANTAU_SPOOL_MODEL_SEQUENCES"] ?? "") ?? 16)
    static let firstSeed = UInt64(environment["PANTAU_SPOOL_MODEL_SEED"] ?? "") ?? 1
    static let groups = min(8, sequences)

    /// Weights of the producer's operations.
    static let weights: [(SpoolProducerModel.Op, UInt64)] = [
        (.append, 30), (.partial, 8), (.renameWithin, 5), (.batch, 5), (.manyFiles, 2),
        (.copytruncate, 3), (.deleteRecreate, 3), (.renameOut, 2), (.symlinkSwap, 3),
    ]

    static func pick(_ random: inout SplitMix64) -> SpoolProducerModel.Op {
        let total = weights.reduce(0) { $0 + $1.1 }
        var roll = random.next() % total
        for (op, weight) in weights {
            if roll < weight { return op }
            roll -= weight
        }
        return .append
    }

    struct Outcome {
        var kills = 0, stops = 0, settles = 0, ops = 0, lines = 0
        var failure: String?
    }

    /// Runs one sequence; its failure (if any) in `Outcome.failure`.
    static func run(seed: UInt64) throws -> Outcome {
        let dir = try TestPaths.scratch("spool-model-\(seed)")
        var keep = false
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let daemon = try ModelDaemon(dir: dir)
        let model = try SpoolProducerModel(spool: daemon.spool, seed: seed, tickets: 20 + Int(seed % 25))
        var random = SplitMix64(seed: seed &* 0x9E37_79B9)
        var outcome = Outcome()
        func fail(_ why: String) -> Outcome {
            keep = true
            try? Data(model.written.joined()).write(to: dir.appendingPathComponent("written.jsonl"))
            var o = outcome
            o.failure = "seed \(seed): \(why)\noperations:\n  " + model.log.joined(separator: "\n  ")
                + "\ndaemon log (last run, in \(dir.path)):\n" + daemon.logTail
            return o
        }
        var lagging = false
        model.beforeSwitchingFiles = { [unowned model] in
            if !daemon.catchUp(lines: model.written.count) { lagging = true }
        }
        try daemon.start()
        while !model.isExhausted {
            if lagging { return fail("the daemon did not take the \(model.written.count) lines written within 10 s") }
            outcome.ops += 1
            switch random.next() % 100 {
            case 0..<9:
                if daemon.isRunning {
                    usleep(UInt32(random.next() % 30_000))
                    daemon.kill9()
                    model.note("[kill -9]")
                    outcome.kills += 1
                } else {
                    try daemon.start()
                    model.note("[start]")
                    // Files renamed in while the daemon reads the directory at start-up may be
                    // seen in any order (readdir): writes wait until it has caught up.
                    if !daemon.catchUp(lines: model.completeCount) { lagging = true }
                }
            case 9..<11:
                if daemon.isRunning {
                    daemon.stop()
                    model.note("[SIGTERM]")
                    outcome.stops += 1
                }
            case 11..<20:
                if !daemon.isRunning {
                    try daemon.start()
                    model.note("[start]")
                    // Files renamed in while the daemon reads the directory at start-up may be
                    // seen in any order (readdir): writes wait until it has caught up.
                    if !daemon.catchUp(lines: model.completeCount) { lagging = true }
                }
            case 20..<30:
                usleep(UInt32(random.next() % 25_000))
            default:
                let op = pick(&random)
                if SpoolProducerModel.needsSettle(op) {
                    model.finishPartial()
                    guard try daemon.settle(lines: model.written.count) else {
                        return fail("not settled at \(model.written.count) lines before \(op)")
                    }
                    outcome.settles += 1
                    model.note("[settled at \(model.written.count) lines]")
                    if random.next() % 3 == 0 {  // the op while it is down
                        daemon.kill9()
                        model.note("[kill -9]")
                        outcome.kills += 1
                    }
                }
                model.apply(op, random: &random)
            }
        }
        model.writeRest()
        guard try daemon.settle(lines: model.written.count) else {
            return fail("not settled at the end (\(model.written.count) lines)")
        }
        daemon.stop()
        outcome.lines = model.written.count
        if let problem = daemon.problems.first { return fail(problem) }
        guard let engine = daemon.checkpointedEngine() else { return fail("no checkpoint after the final stop") }
        let all = dir.appendingPathComponent("written.jsonl")
        try Data(model.written.joined()).write(to: all)
        let replay = try ReplayCommand.replay(files: [all.path], configuration: daemon.configuration, now: nil)
        if engine.totals != replay.events {
            return fail("live totals \(engine.totals) but replay \(replay.events)")
        }
        let live = SnapshotJSONRenderer.render(engine.snapshot())
        let expected = SnapshotJSONRenderer.render(replay)
        if live != expected { return fail("live figures differ from replay:\nlive   \(live)\nreplay \(expected)") }
        return outcome
    }

    @Test(arguments: 0..<8)
    func randomProducerSequencesWithKillsMatchReplay(group: Int) throws {
        guard group < Self.groups else { return }
        var total = Outcome()
        var seed = Self.firstSeed + UInt64(group)
        var count = 0
        while seed < Self.firstSeed + UInt64(Self.sequences) {
            let o = try Self.run(seed: seed)
            if let failure = o.failure {
                Issue.record(Comment(rawValue: failure))
                return
            }
            total.kills += o.kills; total.stops += o.stops; total.settles += o.settles
            total.ops += o.ops; total.lines += o.lines
            count += 1
            seed += UInt64(Self.groups)
        }
        print("spool model group \(group): \(count) sequences, \(total.ops) steps, \(total.lines) lines, "
              + "\(total.kills) SIGKILLs, \(total.stops) SIGTERMs, \(total.settles) settles: all equal to replay")
    }
}
