import Foundation
import Glibc
@testable import PantauCore
import PantauSimulator

/// The producer side of the model-based spool test: one stream of events in strictly increasing
/// `ts` order, written into a spool the way real producers do (appends, partial lines, renames,
/// copytruncate, delete and re-create, symlink swaps, batches of files through `tmp/`). Every line
/// written is also kept, in order, in `written`: what `pantau replay` of one file must agree with.
///
/// Operations that take lines out of the spool's reach (copytruncate, delete, renaming out of the
/// pattern, a symlink swap) are what no reader can undo for lines it has not read yet; the model
/// asks for them only after the daemon has applied and durably checkpointed everything
/// (`needsSettle`), as a producer that waits for the daemon would. Every line starts with the same
/// 100-byte unknown field, so file identity cannot rest on the first bytes.
///
/// The live merge can only order lines it knows of: a file read to its end may hold lines written
/// after lines in another file whose change the daemon has not been told of yet, and those are
/// applied when they arrive (SPEC §4), which can differ from the order of one file. Before lines
/// go to another file than the last ones, `beforeSwitchingFiles` (the test's wait for the daemon
/// to have taken everything) runs, so the order the daemon sees is the order written. The same
/// holds after a batch: a known file read to its end may hold lines appended after the batch was
/// renamed in, before the daemon read the batch's event. Between batches no wait is needed: new
/// files are learnt of only through the directory's events, in order (but not while the daemon
/// reads the directory at start-up: the test lets a start catch up first).
final class SpoolProducerModel {
    let spool: URL
    let targets: URL
    private(set) var written: [[UInt8]] = []
    /// The ops applied, one line each: the reproduction of a failing sequence.
    private(set) var log: [String] = []

    private var stream: [[UInt8]]
    private var next = 0
    /// Names in the spool the producer appends to (regular files, maybe not existing yet).
    private var liveNames = ["a.jsonl", "b.jsonl", "c.jsonl"]
    /// `link.jsonl` points at `targets/<linkTarget>`.
    private var linkTarget = "t0.jsonl"
    private var serial = 0
    /// A line begun (its first bytes written to `path`) and not finished.
    private var partial: (path: String, rest: [UInt8])?
    /// The file the last lines were appended to.
    private var lastAppended: String?
    /// Called before lines are appended to a file other than the last one (see `init`).
    var beforeSwitchingFiles: (() -> Void)?

    static let sharedPrefix = #"{"x_producer":"# + "\"" + String(repeating: "p", count: 82) + "\","

    init(spool: URL, seed: UInt64, tickets: Int) throws {
        self.spool = spool
        targets = spool.deletingLastPathComponent().appendingPathComponent("targets")
        try FileManager.default.createDirectory(at: spool.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: targets, withIntermediateDirectories: true)
        stream = Self.stream(seed: seed, tickets: tickets)
        _ = FileManager.default.createFile(atPath: targets.appendingPathComponent(linkTarget).path, contents: nil)
        symlink(targets.appendingPathComponent(linkTarget).path, spool.appendingPathComponent("link.jsonl").path)
    }

    var isExhausted: Bool { next >= stream.count && partial == nil }
    /// Lines written whole (a begun line is not yet one).
    var completeCount: Int { written.count - (partial == nil ? 0 : 1) }

    /// Simulated traffic with every `ts` made strictly increasing (ties in the live merge go by
    /// file, in replay by order: a tie could legitimately differ) and the shared prefix in front.
    static func stream(seed: UInt64, tickets: Int) -> [[UInt8]] {
        var sim = TrafficSimulator(seed: seed, start: RFC3339.parse("2026-03-02T08:00:00Z")!, ticketsPerHour: 900,
                                   ticketLimit: tickets, duplicateRate: 0, malformedRate: 0)
        var lines: [[UInt8]] = []
        var buffer: [UInt8] = []
        var last: Int64 = .min
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        while sim.nextLine(into: &buffer) {
            var text = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll(keepingCapacity: true)
            guard let tsRange = text.range(of: #""ts":"[^"]*""#, options: .regularExpression) else { continue }
            let value = String(text[tsRange].dropFirst(6).dropLast())
            guard let instant = RFC3339.parse(value) else { continue }
            var ms = instant.nanoseconds / 1_000_000
            if ms <= last { ms = last + 1 }
            last = ms
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            text.replaceSubrange(tsRange, with: #""ts":""# + format.string(from: date) + "\"")
            text.removeFirst()  // "{"
            lines.append(Array((sharedPrefix + text).utf8))
        }
        return lines
    }

    // MARK: Operations

    enum Op: CaseIterable {
        case append, partial, renameWithin, batch, manyFiles, copytruncate, deleteRecreate, renameOut, symlinkSwap
    }

    /// Whether `op` needs the daemon settled first (applied and checkpointed all written).
    static func needsSettle(_ op: Op) -> Bool {
        switch op {
        case .copytruncate, .deleteRecreate, .renameOut, .symlinkSwap: return true
        default: return false
        }
    }

    /// Applies `op`; a line begun by `.partial` is finished first (a producer writes one line at
    /// a time), though a daemon kill or restart may come in between.
    func apply(_ op: Op, random: inout SplitMix64) {
        finishPartial()
        switch op {
        case .append:
            append(count: 1 + Int(random.next() % 8), to: target(&random))
        case .partial:
            guard next < stream.count else { return }
            let line = stream[next]
            let cut = 1 + Int(random.next() % UInt64(line.count - 1))
            let path = target(&random)
            switchTo(path)
            write(Array(line[..<cut]), to: path)
            written.append(line)
            next += 1
            partial = (path, Array(line[cut...]))
            log.append("partial \(name(path)) \(cut)/\(line.count) bytes")
        case .renameWithin:
            let from = liveNames[Int(random.next() % UInt64(liveNames.count))]
            serial += 1
            let to = "r\(serial).jsonl"
            if Glibc.rename(path(from), path(to)) == 0 { log.append("rename \(from) \(to)") }
        case .batch:
            dropBatch(files: 1, maxLines: 40, &random)
        case .manyFiles:
            dropBatch(files: 10 + Int(random.next() % 60), maxLines: 3, &random)
        case .copytruncate:
            let from = liveNames[Int(random.next() % UInt64(liveNames.count))]
            guard let bytes = FileManager.default.contents(atPath: path(from)) else { return }
            try? bytes.write(to: URL(fileURLWithPath: path(from) + ".1"))
            truncate(path(from), 0)
            log.append("copytruncate \(from) (\(bytes.count) bytes)")
            if random.next() % 2 == 0 { append(count: 1 + Int(random.next() % 20), to: path(from)) }
        case .deleteRecreate:
            let victim = liveNames[Int(random.next() % UInt64(liveNames.count))]
            guard unlink(path(victim)) == 0 else { return }
            log.append("delete \(victim)")
            append(count: 1 + Int(random.next() % 30), to: path(victim))  // likely on the freed inode
        case .renameOut:
            let from = liveNames[Int(random.next() % UInt64(liveNames.count))]
            if Glibc.rename(path(from), path(from) + ".old") == 0 { log.append("rename-out \(from)") }
        case .symlinkSwap:
            serial += 1
            linkTarget = "t\(serial).jsonl"
            let newTarget = targets.appendingPathComponent(linkTarget).path
            _ = FileManager.default.createFile(atPath: newTarget, contents: nil)
            append(count: Int(random.next() % 4), to: newTarget)
            unlink(path("link.tmp"))
            symlink(newTarget, path("link.tmp"))
            Glibc.rename(path("link.tmp"), path("link.jsonl"))
            log.append("symlink swap -> \(linkTarget)")
        }
    }

    /// Records a step of the daemon's (kill, stop, start, settle) among the operations.
    func note(_ step: String) { log.append(step) }

    /// Writes the rest of a begun line.
    func finishPartial() {
        guard let p = partial else { return }
        write(p.rest, to: p.path)
        partial = nil
        log.append("finish partial \(name(p.path))")
    }

    /// Writes everything left of the stream (the end of a sequence).
    func writeRest() {
        finishPartial()
        if next < stream.count { append(count: stream.count - next, to: path(liveNames[0])) }
    }

    // MARK: Helpers

    private func target(_ random: inout SplitMix64) -> String {
        let k = Int(random.next() % UInt64(liveNames.count + 1))
        return k < liveNames.count ? path(liveNames[k]) : targets.appendingPathComponent(linkTarget).path
    }

    private func switchTo(_ path: String) {
        if path != lastAppended { beforeSwitchingFiles?() }
        lastAppended = path
    }

    private func path(_ name: String) -> String { spool.appendingPathComponent(name).path }

    private func name(_ path: String) -> String { String(path.split(separator: "/").suffix(2).joined(separator: "/")) }

    private func append(count: Int, to path: String) {
        let end = min(stream.count, next + count)
        guard end > next else { return }
        let lines = stream[next..<end]
        switchTo(path)
        write(Array(lines.joined()), to: path)
        written.append(contentsOf: lines)
        log.append("append \(name(path)) \(end - next) lines")
        next = end
    }

    /// Files of up to `maxLines` lines each, written under `tmp/` and renamed in one by one.
    private func dropBatch(files: Int, maxLines: Int, _ random: inout SplitMix64) {
        var dropped = 0
        for _ in 0..<files where next < stream.count {
            let end = min(stream.count, next + 1 + Int(random.next() % UInt64(maxLines)))
            serial += 1
            let tmp = spool.appendingPathComponent("tmp/batch-\(serial).jsonl").path
            write(Array(stream[next..<end].joined()), to: tmp)
            Glibc.rename(tmp, path("batch-\(serial).jsonl"))
            written.append(contentsOf: stream[next..<end])
            next = end
            dropped += 1
        }
        log.append("batch \(dropped) files")
        lastAppended = nil  // the next append, to a file already known, waits for these to be taken
    }

    private func write(_ bytes: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "open \(path): \(String(cString: strerror(errno)))")
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            precondition(n > 0, "write \(path): \(String(cString: strerror(errno)))")
            offset += n
        }
        close(fd)
    }
}
