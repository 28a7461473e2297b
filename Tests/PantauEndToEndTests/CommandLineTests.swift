import Foundation
import Glibc
import Testing
import PantauTestKit

/// The command line of the real binary: `--help` on every command, the exit statuses (0 success,
/// 1 failure at run time, 2 usage error, 78 configuration error) and their messages, and the
/// simulator's ids across runs into one spool (a second `make run` must not repeat the first).
@Suite struct CommandLineTests {
    static func pantau(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(TestPaths.binary, arguments, timeout: 30)
    }

    static let configuration = TestPaths.defaultConfiguration.path

    /// A scratch directory with an invalid `pantau.conf` (a misspelt key, a bad drop-in).
    static func invalidConfiguration(_ dir: URL) throws -> String {
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\n[Channel chat]\nFirstRespons=1min\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pantau.conf.d"), withIntermediateDirectories: true)
        try "[Channel chat]\nWarnAt=0%\n".write(to: dir.appendingPathComponent("pantau.conf.d/10-a.conf"), atomically: true, encoding: .utf8)
        return conf.path
    }

    // MARK: Help

    @Test(arguments: [["--help"], ["-h"], ["help"],
                      ["serve", "--help"], ["serve", "-h", "--bogus"], ["serve", "--clock", "sometimes", "--help"],
                      ["check-config", "--help"], ["check-config", "--config", "/nonexistent", "-h"],
                      ["replay", "--help"], ["replay", "/nonexistent", "--help"], ["help", "replay"],
                      ["simulate", "--help"], ["simulate", "--tickets", "x", "-h"]])
    func helpGoesToStdoutAndExitsZero(arguments: [String]) throws {
        let r = try Self.pantau(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        #expect(r.stdout.contains("usage:") && r.stdout.contains("example"), "\(arguments): \(r.stdout)")
        #expect(r.stdout.contains("exit status:") && r.stdout.contains("78"), "\(arguments)")
        #expect(r.stderr.isEmpty, "\(arguments): \(r.stderr)")
    }

    @Test func eachHelpNamesTheOptionsTheCommandTakes() throws {
        let expected = [
            "serve": ["--config PATH", "--spool DIR", "--state DIR", "--listen HOST:PORT", "--clock wall|events", "--log-level LEVEL"],
            "check-config": ["--config PATH"],
            "replay": ["--config PATH", "--now RFC3339", "--format", "json", "prometheus", "openmetrics", "FILE"],
            "simulate": ["--to FILE", "--spool DIR", "--seed S", "--id-prefix P", "--tickets N", "--rate", "--mode append",
                         "--one-stream", "--duration SPAN", "--as-fast-as-possible", "--speedup X", "--rotate-every N",
                         "--keep-rotated N|all", "--batch-lines N", "--batch-interval SPAN", "--start RFC3339",
                         "--open-only", "--clean", "--split-writes", "--config PATH"],
        ]
        for (command, options) in expected {
            let help = try Self.pantau([command, "--help"]).stdout
            for option in options { #expect(help.contains(option), "\(command) --help lacks \(option)") }
        }
        let top = try Self.pantau(["--help"]).stdout
        for command in expected.keys { #expect(top.contains(command)) }
        #expect(top.contains("configuration error"))
    }

    @Test func helpAfterDoubleDashIsAFileName() throws {
        let r = try Self.pantau(["replay", "--config", Self.configuration, "--", "--help"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("pantau replay: cannot read --help"), "\(r.stderr)")
    }

    // MARK: Usage errors: 2

    @Test(arguments: [
        ["serve", "--bogus"], ["serve", "--clock", "sometimes"], ["serve", "--log-level", "loud"], ["serve", "extra"],
        ["serve", "--spool"],
        ["check-config", "--bogus"], ["check-config", "extra"],
        ["replay"], ["replay", "--now", "soon", "x.jsonl"], ["replay", "--format", "xml", "x.jsonl"], ["replay", "--bogus", "x"],
        ["simulate"], ["simulate", "--to", "-", "--tickets", "x"], ["simulate", "--spool", "x", "--to", "y"],
        ["simulate", "--spool", "x", "--id-prefix", "has space"], ["simulate", "--to", "-", "--rate", "5/week"],
        ["simulate", "-x"], ["simulate", "--spool", ""],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let r = try Self.pantau(arguments)
        #expect(r.status == 2, "\(arguments): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("pantau \(arguments[0]): "), "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("usage: pantau \(arguments[0])"), "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func anUnknownCommandOrNoneIsAUsageError() throws {
        let unknown = try Self.pantau(["frobnicate"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown command \"frobnicate\""))
        let none = try Self.pantau([])
        #expect(none.status == 2 && none.stderr.contains("usage:") && none.stdout.isEmpty)
    }

    // MARK: Configuration errors: 78

    @Test(arguments: ["serve", "check-config", "replay"])
    func anInvalidConfigurationExitsSeventyEight(command: String) throws {
        let dir = try TestPaths.scratch("cli-config-\(command)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = try Self.invalidConfiguration(dir)
        let events = dir.appendingPathComponent("events.jsonl")
        try "".write(to: events, atomically: true, encoding: .utf8)
        var arguments = [command, "--config", conf]
        if command == "serve" { arguments += ["--listen", "127.0.0.1:0"] }
        if command == "replay" { arguments.append(events.path) }
        let r = try Self.pantau(arguments)
        #expect(r.status == 78, "\(r.stderr)")
        // Every error as FILE:LINE: message, then the summary.
        #expect(r.stderr.contains("\(conf):5: unknown key \"FirstRespons\""), "\(r.stderr)")
        #expect(r.stderr.contains("10-a.conf:2: invalid value \"0%\" for WarnAt"), "\(r.stderr)")
        #expect(r.stderr.contains("pantau \(command): configuration \(conf) has 2 errors"), "\(r.stderr)")
    }

    @Test func aMissingConfigurationOrTokenFileExitsSeventyEight() throws {
        let dir = try TestPaths.scratch("cli-config-missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("absent.conf").path
        #expect(try Self.pantau(["check-config", "--config", missing]).status == 78)
        #expect(try Self.pantau(["replay", "--config", missing, missing]).status == 78)
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\nBearerTokenFile=\(dir.path)/none\n[Channel chat]\nFirstResponse=1min\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        let serve = try Self.pantau(["serve", "--config", conf.path, "--listen", "127.0.0.1:0"])
        #expect(serve.status == 78, "\(serve.stderr)")
    }

    // MARK: Failures at run time: 1

    @Test func anUnreadableInputFileExitsOne() throws {
        let dir = try TestPaths.scratch("cli-replay-missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("absent.jsonl").path
        let r = try Self.pantau(["replay", "--config", Self.configuration, missing])
        #expect(r.status == 1)
        #expect(r.stderr == "pantau replay: cannot read \(missing): No such file or directory\n", "\(r.stderr)")
        let directory = try Self.pantau(["replay", "--config", Self.configuration, dir.path])
        #expect(directory.status == 1 && directory.stderr.contains("it is a directory"), "\(directory.stderr)")
    }

    @Test func aListenAddressInUseExitsOne() throws {
        let d = try ServedDaemon("cli-taken")
        let dir = try TestPaths.scratch("cli-taken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\n[Channel chat]\nFirstResponse=1min\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        let r = try Self.pantau(["serve", "--config", conf.path, "--listen", d.address])
        #expect(r.status == 1)
        #expect(r.stderr.contains("pantau serve: cannot listen on \(d.address)"), "\(r.stderr)")
        // And the daemon that holds it stops cleanly: 0.
        #expect(d.stop() == 0)
    }

    @Test func simulateIntoAnUnwritablePathExitsOne() throws {
        let dir = try TestPaths.scratch("cli-simulate-unwritable")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let to = try Self.pantau(["simulate", "--to", file.path + "/events.jsonl", "--tickets", "3"])
        #expect(to.status == 1 && to.stderr.hasPrefix("pantau simulate: cannot write "), "\(to.stderr)")
        let spool = try Self.pantau(["simulate", "--spool", file.path + "/spool", "--tickets", "3", "--as-fast-as-possible"])
        #expect(spool.status == 1 && spool.stderr.contains("pantau simulate: mkdir "), "\(spool.stderr)")
    }

    // MARK: Success: 0

    @Test func successExitsZero() throws {
        let dir = try TestPaths.scratch("cli-success")
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("events.jsonl").path
        let check = try Self.pantau(["check-config", "--config", Self.configuration])
        #expect(check.status == 0 && check.stdout.contains("is valid: 5 channels"), "\(check.stderr)")
        let simulate = try Self.pantau(["simulate", "--to", events, "--tickets", "20", "--seed", "4"])
        #expect(simulate.status == 0 && simulate.stderr.hasPrefix("pantau simulate: wrote"), "\(simulate.stderr)")
        let replay = try Self.pantau(["replay", "--config", Self.configuration, "--format", "prometheus", events])
        #expect(replay.status == 0 && replay.stdout.contains("pantau_events_total{result=\"applied\"}"), "\(replay.stderr)")
        let version = try Self.pantau(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("pantau "))
    }

    // MARK: Simulator runs into one spool

    static func replayEvents(_ spool: URL) throws -> [String: Any] {
        let files = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.contains(".jsonl") }.sorted()
        let r = try Self.pantau(["replay", "--config", Self.configuration] + files.map { spool.appendingPathComponent($0).path })
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return try #require(json?["events"] as? [String: Any])
    }

    static func simulate(_ spool: URL, _ options: [String]) throws -> ProcessRunner.Result {
        let r = try Self.pantau(["simulate", "--spool", spool.path, "--tickets", "40", "--as-fast-as-possible", "--clean"] + options)
        #expect(r.status == 0, "\(r.stderr)")
        return r
    }

    static func lineCount(_ spool: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.contains(".jsonl") }.reduce(0) { n, name in
            n + (try String(contentsOf: spool.appendingPathComponent(name), encoding: .utf8)).split(separator: "\n").count
        }
    }

    @Test func runsWithoutSeedIntoOneSpoolNeverRepeatAnId() throws {
        let dir = try TestPaths.scratch("cli-two-runs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("spool")
        // One file, run after run, as a second live run follows the first (per-channel files of
        // runs written ahead of time would interleave their tickets out of order in a replay).
        let first = try Self.simulate(spool, ["--one-stream"])
        #expect(first.stderr.contains("id prefix r"), "\(first.stderr)")
        let afterFirst = try Self.replayEvents(spool)
        let firstApplied = try #require(afterFirst["applied"] as? Int)
        #expect(firstApplied == (try Self.lineCount(spool)) && firstApplied > 40)
        #expect(afterFirst["duplicate"] as? Int == 0)

        _ = try Self.simulate(spool, ["--one-stream"])
        let total = try Self.lineCount(spool)
        let afterSecond = try Self.replayEvents(spool)
        #expect(afterSecond["duplicate"] as? Int == 0)
        // Every line of the second run applied: the sum of both runs.
        #expect(afterSecond["applied"] as? Int == total && total > firstApplied, "\(afterSecond) \(total)")
    }

    @Test func runsWithTheSameSeedAreIdentical() throws {
        let dir = try TestPaths.scratch("cli-seeded-runs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ["--seed", "12", "--start", "2026-03-02T08:00:00Z", "--mode", "append"]
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let first = try Self.simulate(a, options)
        _ = try Self.simulate(b, options)
        #expect(first.stderr.contains("seed 12") && first.stderr.contains("no id prefix"), "\(first.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: a.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(names.count == 5)
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: b.path).filter { $0.hasSuffix(".jsonl") }.sorted()))
        for name in names {
            let x = try Data(contentsOf: a.appendingPathComponent(name)), y = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(x == y && !x.isEmpty, "\(name)")
        }
        // Ids as the simulator numbers them, no prefix: the same lines `--to` writes.
        let chat = try String(contentsOf: a.appendingPathComponent("chat.jsonl"), encoding: .utf8)
        #expect(chat.hasPrefix("{\"id\":\"e"))
        // A second seeded run into the same spool repeats ids the daemon still remembers: duplicates.
        _ = try Self.simulate(a, options)
        let events = try Self.replayEvents(a)
        #expect((events["duplicate"] as? Int ?? 0) > 0, "\(events)")
    }

    @Test func anIdPrefixGoesBeforeEveryIdAndTicket() throws {
        let r = try Self.pantau(["simulate", "--to", "-", "--tickets", "30", "--seed", "2", "--id-prefix", "run-7."])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 60)
        for line in lines where line.hasPrefix("{\"id\":\"") && line.contains("\"ticket\":\"") {
            #expect(line.hasPrefix("{\"id\":\"run-7.") && line.contains("\"ticket\":\"run-7."), "\(line)")
        }
        // Without it: the same lines, ids unprefixed.
        let plain = try Self.pantau(["simulate", "--to", "-", "--tickets", "30", "--seed", "2"])
        #expect(plain.stdout.replacingOccurrences(of: "run-7.", with: "") == r.stdout.replacingOccurrences(of: "run-7.", with: ""))
        #expect(!plain.stdout.contains("run-7."))
    }
}
