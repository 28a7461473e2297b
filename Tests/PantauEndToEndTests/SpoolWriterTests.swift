import Foundation
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

/// `pantau simulate --spool DIR` (SPEC §4, §5): what lands in the spool directory is exactly the
/// stream `pantau simulate --to FILE` writes with the same options, spread over appended, rotated
/// and batch files; in `--one-stream` mode also in the same order.
@Suite struct SpoolWriterTests {
    static let start = "2026-03-02T08:00:00Z"

    /// The lines of a file, LF included, as bytes (malformed lines need not be UTF-8).
    static func lines(_ path: String) throws -> [[UInt8]] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var result: [[UInt8]] = []
        var start = 0
        for (i, byte) in data.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(Array(data[start...i]))
            start = i + 1
        }
        #expect(start == data.count, "\(path) ends in a partial line")
        return result
    }

    /// The `pantau` built with these tests: next to the test executable (so that a build with
    /// `--scratch-path` runs its own binary, not `.build/debug/pantau`), else `TestPaths.binary`.
    static var binary: URL {
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("pantau") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? TestPaths.binary
    }

    static func names(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    /// Every line of every file of the spool (not `tmp/`).
    static func allLines(_ dir: URL) throws -> [[UInt8]] {
        try names(dir).filter { $0 != "tmp" }.flatMap { try lines(dir.appendingPathComponent($0).path) }
    }

    static func sorted(_ lines: [[UInt8]]) -> [[UInt8]] {
        lines.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// `pantau simulate --to` in-process with the given options.
    static func reference(_ options: [String], in dir: URL) throws -> [[UInt8]] {
        let file = dir.appendingPathComponent("reference.out").path
        #expect(try SimulateCommand.run(ArraySlice(["--to", file] + options)) == 0)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try lines(file)
    }

    /// `pantau simulate --spool DIR/spool` in-process.
    static func spool(_ options: [String], in dir: URL) throws -> URL {
        let spool = dir.appendingPathComponent("spool")
        #expect(try SimulateCommand.run(ArraySlice(["--spool", spool.path] + options)) == 0)
        return spool
    }

    /// The channel each line of the reference stream belongs to (the simulator's own routing).
    static func channels(seed: UInt64, tickets: Int, ticketsPerHour: Double, clean: Bool = false) -> [[UInt8]: Set<String>] {
        var sim = TrafficSimulator(seed: seed, start: RFC3339.parse(start)!, ticketsPerHour: ticketsPerHour, ticketLimit: tickets,
                                   duplicateRate: clean ? 0 : 0.002, malformedRate: clean ? 0 : 0.001)
        var map: [[UInt8]: Set<String>] = [:]
        var buffer: [UInt8] = []
        while let info = sim.next(into: &buffer) {
            map[buffer, default: []].insert(info.channel)
            buffer.removeAll(keepingCapacity: true)
        }
        return map
    }

    @Test(arguments: ["append", "batch", "mixed"])
    func everyModeWritesExactlyTheLinesOfTo(mode: String) throws {
        let dir = try TestPaths.scratch("spool-\(mode)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--seed", "7", "--tickets", "400", "--start", Self.start]
        let expected = try Self.reference(common + ["--rate", "3600/h"], in: dir)
        let spool = try Self.spool(common + ["--mode", mode, "--rate", "60/min", "--as-fast-as-possible",
                                             "--rotate-every", "300", "--keep-rotated", "all", "--batch-lines", "100"],
                                   in: dir)
        let got = try Self.allLines(spool)
        #expect(got.count == expected.count)
        #expect(Self.sorted(got) == Self.sorted(expected))
        #expect(try Self.names(spool.appendingPathComponent("tmp")).isEmpty)

        let channelOf = Self.channels(seed: 7, tickets: 400, ticketsPerHour: 3600)
        let batched: Set<String> = mode == "append" ? [] : mode == "batch" ? ["hotline", "chat", "whatsapp", "web_form", "email"] : ["web_form", "email"]
        var rotated = 0
        for name in try Self.names(spool) where name != "tmp" {
            let fileLines = try Self.lines(spool.appendingPathComponent(name).path)
            if name.hasPrefix("batch-") {
                #expect(mode != "append")
                #expect(fileLines.count <= 100)
                for line in fileLines { #expect(channelOf[line]!.isSubset(of: batched)) }
            } else {
                let channel = String(name.prefix { $0 != "." })
                #expect(!batched.contains(channel), "\(name) in mode \(mode)")
                for line in fileLines { #expect(channelOf[line]!.contains(channel), "\(name)") }
                if name.hasSuffix(".jsonl") {
                    #expect(fileLines.count <= 300)
                } else {
                    rotated += 1
                    #expect(fileLines.count == 300, "\(name): a rotated file holds exactly --rotate-every lines")
                }
            }
        }
        if mode != "batch" { #expect(rotated > 0) }
    }

    @Test func oneStreamHoldsTheStreamInOrder() throws {
        let dir = try TestPaths.scratch("spool-one")
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--seed", "11", "--tickets", "1500", "--start", Self.start]
        let expected = try Self.reference(common + ["--rate", "6000"], in: dir)
        let spool = try Self.spool(common + ["--one-stream", "--rate", "100/min", "--as-fast-as-possible",
                                             "--rotate-every", "1000", "--keep-rotated", "all", "--batch-lines", "250"],
                                   in: dir)
        let names = try Self.names(spool)
        let rotatedCount = names.filter { $0.hasPrefix("events.jsonl.") }.count
        let batchCount = names.filter { $0.hasPrefix("batch-") }.count
        #expect(rotatedCount >= 5)
        #expect(batchCount == rotatedCount || batchCount == rotatedCount - 1)
        let allowed = Set(["tmp", "events.jsonl"] + (1...rotatedCount).map { "events.jsonl.\($0)" }
                          + (0..<batchCount).map { SpoolBatchStream.fileName($0 + 1) })
        #expect(Set(names).isSubset(of: allowed))
        // Availability order: events.jsonl.K, batch-1, events.jsonl.K-1, batch-2, …, batch-K, events.jsonl.
        var order: [String] = []
        for r in 1...rotatedCount {
            order.append("events.jsonl.\(rotatedCount - r + 1)")
            if r <= batchCount { order.append(SpoolBatchStream.fileName(r)) }
        }
        if names.contains("events.jsonl") { order.append("events.jsonl") }
        var got: [[UInt8]] = []
        var boundaries: [Int] = []
        for name in order {
            let fileLines = try Self.lines(spool.appendingPathComponent(name).path)
            #expect(!fileLines.isEmpty, "\(name)")
            // (The stream may end inside a boundary batch.)
            if name.hasPrefix("batch-"), name != order.last { #expect(fileLines.count >= 250) }
            if name.hasPrefix("events.jsonl.") { #expect(fileLines.count >= 1000) }
            boundaries.append(got.count)
            got += fileLines
        }
        #expect(got.count == expected.count)
        #expect(got == expected)
        #expect(try Self.names(spool.appendingPathComponent("tmp")).isEmpty)
        // Every cut is before a real event later than the line before it: the files' ts ranges are
        // disjoint and increasing, whatever a reader's tie-breaking.
        var sim = TrafficSimulator(seed: 11, start: RFC3339.parse(Self.start)!, ticketsPerHour: 6000, ticketLimit: 1500)
        var infos: [SimulatedLine] = []
        var buffer: [UInt8] = []
        while let info = sim.next(into: &buffer) { infos.append(info); buffer.removeAll(keepingCapacity: true) }
        #expect(infos.count == got.count)
        for b in boundaries.dropFirst() where b < infos.count {
            #expect(infos[b].kind == .event)
            #expect(infos[b - 1].timestamp < infos[b].timestamp)
        }
    }

    @Test func rotationKeepsThreeOldFilesByDefault() throws {
        let dir = try TestPaths.scratch("spool-keep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--seed", "3", "--tickets", "1000", "--start", Self.start, "--clean"]
        let expected = try Self.reference(common + ["--rate", "3600"], in: dir)
        let spool = try Self.spool(common + ["--mode", "append", "--rate", "1/s", "--as-fast-as-possible",
                                             "--rotate-every", "100"], in: dir)
        let names = try Self.names(spool)
        #expect(!names.contains { $0.hasSuffix(".jsonl.4") })
        let channelOf = Self.channels(seed: 3, tickets: 1000, ticketsPerHour: 3600, clean: true)
        for channel in ["hotline", "chat", "whatsapp", "web_form", "email"] {
            #expect(names.contains("\(channel).jsonl.3"), "\(channel)")
            // What is kept is the newest part of the channel's stream, in order.
            let kept = try [".3", ".2", ".1", ""].flatMap { try Self.lines(spool.appendingPathComponent("\(channel).jsonl\($0)").path) }
            let all = expected.filter { channelOf[$0]!.contains(channel) }
            #expect(kept.count >= 301 && kept.count <= 400)
            #expect(Array(all.suffix(kept.count)) == kept)
        }
    }

    @Test func keepRotatedZeroUnlinks() throws {
        let dir = try TestPaths.scratch("spool-keep0")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = try Self.spool(["--tickets", "200", "--mode", "append", "--as-fast-as-possible",
                                    "--rotate-every", "50", "--keep-rotated", "0"], in: dir)
        #expect(try Self.names(spool).allSatisfy { $0 == "tmp" || $0.hasSuffix(".jsonl") })
    }

    @Test func splitWritesAndABrokenLeftoverStillGiveWholeLines() throws {
        let dir = try TestPaths.scratch("spool-split")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        // A writer that died mid-line and mid-batch.
        try Data("{\"id\":\"old\",\"ts\":\"2026-03-01T00:00:00Z\"}\n{\"id\":\"bro".utf8).write(to: spool.appendingPathComponent("chat.jsonl"))
        try Data("half".utf8).write(to: spool.appendingPathComponent("tmp/batch-000009.jsonl"))
        try Data("{}\n".utf8).write(to: spool.appendingPathComponent("batch-000004.jsonl"))
        let common = ["--seed", "5", "--tickets", "150", "--start", Self.start]
        let expected = try Self.reference(common + ["--rate", "600"], in: dir)
        _ = try Self.spool(common + ["--rate", "10/min", "--as-fast-as-possible", "--split-writes", "--batch-lines", "40"], in: dir)
        let names = try Self.names(spool)
        #expect(names.contains("chat.jsonl.1"))
        #expect(try Self.names(spool.appendingPathComponent("tmp")).isEmpty)
        #expect(!names.contains("batch-000001.jsonl") && names.contains("batch-000005.jsonl"))
        let got = try names.filter { !["tmp", "chat.jsonl.1", "batch-000004.jsonl"].contains($0) }
            .flatMap { try Self.lines(spool.appendingPathComponent($0).path) }
        #expect(Self.sorted(got) == Self.sorted(expected))
    }

    @Test func aDurationCutsTheStreamAtSimulatedTime() throws {
        let dir = try TestPaths.scratch("spool-duration")
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--seed", "9", "--start", Self.start]
        let expected = try Self.reference(common + ["--tickets", "5000", "--rate", "1200"], in: dir)
        let spool = try Self.spool(common + ["--duration", "10min", "--rate", "20/min", "--as-fast-as-possible"], in: dir)
        let end = RFC3339.parse(Self.start)!.nanoseconds + 600 * 1_000_000_000
        var sim = TrafficSimulator(seed: 9, start: RFC3339.parse(Self.start)!, ticketsPerHour: 1200, ticketLimit: 5000)
        var buffer: [UInt8] = []
        var prefix = 0
        while let info = sim.next(into: &buffer), info.timestamp.nanoseconds <= end { prefix += 1; buffer.removeAll() }
        #expect(prefix > 50)
        #expect(Self.sorted(try Self.allLines(spool)) == Self.sorted(Array(expected.prefix(prefix))))
    }

    /// A ticket moving from a batch channel to an appended one: its batch goes out first.
    @Test func aTicketsEarlierBatchIsPublishedBeforeItsNextAppendedLine() throws {
        let dir = try TestPaths.scratch("spool-order")
        defer { try? FileManager.default.removeItem(at: dir) }
        var writer = try SpoolWriter(directory: dir.path + "/s", mode: .mixed, oneStream: false,
                                     channelNames: ["hotline", "email"], rotateEvery: 0, keepRotated: 3,
                                     batchLines: 100, batchInterval: 3_600_000_000_000)
        func info(_ channel: Int, _ ticket: Int64, _ ms: Int64) -> SimulatedLine {
            SimulatedLine(timestamp: Instant(nanoseconds: ms * 1_000_000), channel: ["hotline", "email"][channel],
                          channelIndex: channel, ticketNumber: ticket, kind: .event)
        }
        try writer.write(Array("a\n".utf8), info(1, 1, 1), now: 0)
        try writer.write(Array("b\n".utf8), info(1, 2, 2), now: 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/s/batch-000001.jsonl"))
        try writer.write(Array("c\n".utf8), info(0, 1, 3), now: 0)
        #expect(try Self.lines(dir.path + "/s/batch-000001.jsonl") == [Array("a\n".utf8), Array("b\n".utf8)])
        // And the other way round: an appended line still buffered is written before the batch takes the ticket.
        try writer.write(Array("d\n".utf8), info(1, 1, 4), now: 0)
        #expect(try Self.lines(dir.path + "/s/hotline.jsonl") == [Array("c\n".utf8)])
        try writer.finish()
        #expect(try Self.lines(dir.path + "/s/batch-000002.jsonl") == [Array("d\n".utf8)])
        #expect(writer.summary.contains("4 lines"))
    }

    @Test(arguments: [
        ["--to", "x", "--mode", "append"],
        ["--spool", "x", "--to", "y"],
        ["--spool", "x", "--one-stream", "--mode", "batch"],
        ["--spool", "x", "--mode", "stream"],
        ["--spool", "x", "--rate", "5/week"],
        ["--spool", "x", "--realtime", "--as-fast-as-possible"],
        ["--spool", "x", "--keep-rotated", "some"],
        ["--spool", "x", "--duration", "5 parsecs"],
        ["--spool", "x", "--speedup", "0"],
    ])
    func badOptionsAreRefused(args: [String]) throws {
        #expect(throws: UsageError.self) { try SimulateCommand.run(ArraySlice(args)) }
    }

    @Test func helpDescribesTheSpoolModes() throws {
        for needle in ["--spool DIR", "--one-stream", "--keep-rotated N|all", "--as-fast-as-possible", "DIR/tmp/"] {
            #expect(SimulateCommand.help.contains(needle), "\(needle)")
        }
    }

    @Test func rateUnits() throws {
        #expect(try SimulateCommand.ticketsPerHour(spoolRate: "60/min") == 3600)
        #expect(try SimulateCommand.ticketsPerHour(spoolRate: "60") == 3600)
        #expect(try SimulateCommand.ticketsPerHour(spoolRate: "2/s") == 7200)
        #expect(try SimulateCommand.ticketsPerHour(spoolRate: "900/h") == 900)
    }

    @Test func realtimeRunOfTheBinaryEndsAfterItsDuration() throws {
        let dir = try TestPaths.scratch("spool-realtime")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("spool")
        let clock = ContinuousClock()
        let began = clock.now
        // The daily profile (UTC+7) makes nights quiet: the rate is high enough that even the
        // quietest hour writes lines within two seconds, whatever the time of day of the run.
        let result = try ProcessRunner.run(Self.binary, ["simulate", "--spool", spool.path, "--duration", "2s",
                                                              "--realtime", "--rate", "12000/min"])
        let elapsed = clock.now - began
        #expect(result.status == 0, "\(result.stderr)")
        #expect(elapsed >= .seconds(1.9) && elapsed < .seconds(4.5), "\(elapsed)")
        #expect(result.stderr.contains("lines into") && result.stderr.contains("duration reached"))
        let lines = try Self.allLines(spool)
        #expect(lines.count >= 3)
        // Live: the events are stamped around now.
        let now = Date().timeIntervalSince1970
        for line in lines.prefix(3) {
            guard let text = String(bytes: line, encoding: .utf8), let r = text.range(of: "\"ts\":\"") else { continue }
            let ts = RFC3339.parse(String(text[r.upperBound...].prefix { $0 != "\"" }))!
            #expect(abs(Double(ts.nanoseconds) / 1e9 - now) < 10)
        }
        #expect(try Self.names(spool.appendingPathComponent("tmp")).isEmpty)
    }

    @Test func sigtermStopsTheBinaryCleanly() throws {
        let dir = try TestPaths.scratch("spool-sigterm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("spool")
        let errURL = dir.appendingPathComponent("stderr")
        // A rate high enough for > 20 lines in 1.2 s even in the quietest hour of a Sunday (3 % of the mean).
        let p = try ChildProcess(Self.binary.path,
                                 ["simulate", "--spool", spool.path, "--speedup", "120", "--rate", "3000/min", "--batch-interval", "1h",
                                  "--batch-lines", "100000",
                                  "--duration", "10min"],  // 5 s of wall time at most, should the test die before stopping it
                                 error: errURL.path)
        Thread.sleep(forTimeInterval: 1.2)
        p.send(SIGTERM)
        if !p.wait(seconds: 5) { p.send(SIGKILL) }
        let ended = p.waitUntilExit()
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(ended == .exit(0), "\(stderr)")
        #expect(stderr.contains("stopped by signal"))
        // The pending batch was published on the way out.
        #expect(try Self.names(spool).contains("batch-000001.jsonl"))
        #expect(try Self.names(spool.appendingPathComponent("tmp")).isEmpty)
        #expect(try Self.allLines(spool).count > 20)
    }
}
