import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// The tailer against hostile spools (issue #8): huge files without a newline, many files, names
/// that are not UTF-8, identities that share long prefixes, pseudo files and FIFOs.
@Suite struct SpoolHardeningTests {
    typealias Spool = SpoolTailerTests.Spool

    static func line(_ ticket: String, _ type: String = "created", second: Int = 0) -> String {
        SpoolTailerTests.line(ticket, type, second: second)
    }

    /// An event line whose unknown field (legal, SPEC §2) comes first and is the same in every
    /// line, so the first few hundred bytes of any two lines are identical.
    static func paddedLine(_ ticket: String, second: Int) -> String {
        let pad = String(repeating: "p", count: 300)
        return #"{"aaa_pad":"\#(pad)","id":"\#(ticket)-c","ts":"2026-03-02T08:00:\#(String(format: "%02d", second))Z","ticket":"\#(ticket)","type":"created","channel":"chat"}"# + "\n"
    }

    /// Applies with the given budgets; returns the lines and the progress.
    static func applyOnce(_ s: Spool, maxBytes: Int) -> ([String], SpoolTailer.Progress) {
        var got: [String] = []
        let progress = s.tailer.apply(maxLines: .max, maxBytes: maxBytes) { outcome, _, _ in
            switch outcome {
            case .event(let e): got.append("\(e.ticket):\(e.type.name)")
            case .rejected(let r): got.append("!\(r.name)")
            }
        }
        return (got, progress)
    }

    // MARK: Item 1: a huge file without a newline stalls nothing

    @Test func aSparseHundredGigabyteLineIsSkippedBySeekingAndStallsNoOtherFile() throws {
        let s = try Spool("sparse-huge")
        let big = s.path("huge.jsonl")
        let size: Int64 = 100 << 30
        let fd = open(big, O_WRONLY | O_CREAT, 0o644)
        #expect(ftruncate(fd, off_t(size)) == 0)
        let tail = "\n" + Self.line("after", second: 5)
        _ = tail.withCString { pwrite(fd, $0, strlen($0), off_t(size)) }
        close(fd)
        s.append("other.jsonl", Self.line("other", second: 1))
        s.tailer.scan()
        s.tailer.refresh()
        // The first call already applies the other file's line: the huge one does not hold it up.
        let (first, progress) = Self.applyOnce(s, maxBytes: 1 << 20)
        #expect(first == ["other:created"])
        var all = first
        var calls = 1
        var more = progress.more
        while more && calls < 100 {
            let (got, p) = Self.applyOnce(s, maxBytes: 1 << 20)
            all += got
            more = p.more
            calls += 1
        }
        // Seeking over the hole: a handful of calls, not 100 GiB of reads.
        #expect(calls < 10)
        #expect(all == ["other:created", "!line_too_long", "after:created"])
        // Skipped bytes count as read (item 18).
        let total = Int64(Self.line("other", second: 1).utf8.count) + size + Int64(tail.utf8.count)
        #expect(s.tailer.consumedBytes == total)
    }

    @Test func aDenseOverlongLineIsSkippedAcrossCallsWithinItsBudget() throws {
        let s = try Spool("dense-huge", maxLineBytes: 1024)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let fd = open(s.path("dense.jsonl"), O_WRONLY | O_CREAT, 0o644)
        for _ in 0..<40 { _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
        let tail = "\n" + Self.line("after", second: 5)
        _ = tail.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        s.append("other.jsonl", Self.line("other", second: 1))
        s.tailer.scan()
        s.tailer.refresh()
        s.tailer.skipBytesPerCall = 8 << 20
        var all: [String] = []
        var calls = 0
        var more = true
        while more && calls < 100 {
            let (got, p) = Self.applyOnce(s, maxBytes: 1 << 20)
            if calls == 0 { #expect(got == ["other:created"]) }
            all += got
            more = p.more
            calls += 1
        }
        // 40 MiB at 8 MiB a call: at least five calls, so no call held the queue for all of it.
        #expect(calls >= 5 && calls < 20)
        #expect(all == ["other:created", "!line_too_long", "after:created"])
        #expect(s.tailer.consumedBytes == Int64(40 << 20) + Int64(tail.utf8.count) + Int64(Self.line("other", second: 1).utf8.count))
    }

    // MARK: Item 2: many files, few descriptors, no idle buffers

    @Test func threeThousandFilesAreReadWithAtMostMaxOpenFilesDescriptorsAndNoneKeptIdle() throws {
        let s = try Spool("many-files")
        let files = 3_000
        for i in 0..<files {
            s.append(String(format: "batch-%05d.jsonl", i), Self.line("t\(i)", second: i % 60) + Self.line("t\(i)", "assigned", second: i % 60))
        }
        s.tailer.scan()
        #expect(s.tailer.openDescriptorCount <= s.tailer.maxOpenFiles)
        s.tailer.refresh()
        let (got, _) = Self.applyOnce(s, maxBytes: 64 << 20)
        #expect(got.count == 2 * files)
        #expect(Set(got.filter { $0.hasSuffix(":created") }).count == files)
        #expect(s.tailer.openDescriptorCount <= s.tailer.maxOpenFiles)
        #expect(openDescriptors(under: s.dir.path) <= s.tailer.maxOpenFiles)
        // Drained: no buffer at once, no descriptor after the grace (0 here).
        #expect(s.tailer.bufferCount == 0)
        s.tailer.refresh()
        #expect(s.tailer.openDescriptorCount == 0)
        #expect(openDescriptors(under: s.dir.path) == 0)
        #expect(s.tailer.fileCount == files)
        // A drained file that grows is reopened by name and read on.
        s.append("batch-00007.jsonl", Self.line("t7", "agent_reply", second: 59))
        #expect(s.poll() == ["t7:agent_reply"])
    }

    /// Descriptors of this process open on files under `directory` (other tests run alongside).
    private func openDescriptors(under directory: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasPrefix(directory + "/") ?? false
        }.count
    }

    // MARK: Item 4: names are bytes

    @Test func aNameThatIsNotUTF8IsReadCheckpointedAndLoggedEscaped() throws {
        let s = try Spool("bytes-name")
        let logPath = s.path("log.txt")
        let logFD = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(logFD) }
        let parser = EventParser(channelNames: ["chat"], maxLineBytes: 1024)
        let tailer = SpoolTailer(directory: s.dir.path, pattern: "*.jsonl", parser: parser, maxLineBytes: 1024,
                                 log: Logger(minimum: .info, fd: logFD))
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".jsonl".utf8)  // Latin-1 "café.jsonl"
        let path = BytePath(s.dir.path).appending(name)
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT, 0o644) }
        _ = Self.line("a").withCString { write(fd, $0, strlen($0)) }
        close(fd)
        tailer.scan()
        var got: [String] = []
        tailer.apply(maxLines: .max) { outcome, file, _ in
            if case .event(let e) = outcome { got.append(e.ticket) }
            #expect(file == path)
        }
        #expect(got == ["a"])
        #expect(tailer.checkpointedFiles().map(\.path) == [path.bytes])
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains(#"caf\xe9.jsonl"#))
    }

    // MARK: Item 9: identity not fooled by a shared prefix

    @Test func aCopytruncateRefilledPastTheOldOffsetIsReadAgainDespiteASharedPrefix() throws {
        let s = try Spool("shared-prefix-live", maxLineBytes: 4096)
        let old = (0..<3).map { Self.paddedLine("old\($0)", second: $0) }.joined()
        s.append("a.jsonl", old)
        #expect(s.poll().count == 3)
        // Truncated and refilled with more bytes than before between two looks: size alone and
        // the first 64 bytes cannot tell.
        let new = (0..<6).map { Self.paddedLine("new\($0)", second: 10 + $0) }.joined()
        truncate(s.path("a.jsonl"), 0)
        s.append("a.jsonl", new)
        #expect(s.poll() == (0..<6).map { "new\($0):created" })
    }

    @Test func aResumeOnAFileThatSharesThePrefixButNotTheBytesBeforeTheOffsetStartsOver() throws {
        let s = try Spool("shared-prefix-resume", maxLineBytes: 4096)
        let lines = (0..<3).map { Self.paddedLine("old\($0)", second: $0) }
        let offset = lines[0].utf8.count + lines[1].utf8.count
        let oldBytes = Array((lines[0] + lines[1]).utf8)
        let anchorBytes = Array(oldBytes.suffix(TailedFile.anchorLength))
        var crc = CRC32()
        anchorBytes.withUnsafeBytes { crc.update($0) }
        // Same inode (rewritten in place), same first 64 bytes, other events.
        let new = (0..<5).map { Self.paddedLine("new\($0)", second: 10 + $0) }.joined()
        s.append("a.jsonl", new)
        var st = stat()
        stat(s.path("a.jsonl"), &st)
        s.tailer.resume(from: [CheckpointedFile(path: s.path("a.jsonl"), device: FileIdentity(st).device, inode: FileIdentity(st).inode,
                                                fingerprint: Array(oldBytes.prefix(64)), offset: Int64(offset),
                                                anchorLength: anchorBytes.count, anchorChecksum: crc.value)])
        #expect(s.poll() == (0..<5).map { "new\($0):created" })

        // The same bytes as checkpointed: the offset is honoured.
        let t = try Spool("shared-prefix-same", maxLineBytes: 4096)
        t.append("a.jsonl", lines.joined())
        stat(t.path("a.jsonl"), &st)
        t.tailer.resume(from: [CheckpointedFile(path: t.path("a.jsonl"), device: FileIdentity(st).device, inode: FileIdentity(st).inode,
                                                fingerprint: Array(oldBytes.prefix(64)), offset: Int64(offset),
                                                anchorLength: anchorBytes.count, anchorChecksum: crc.value)])
        #expect(t.poll() == ["old2:created"])
    }

    // MARK: Item 10: pseudo files and FIFOs

    @Test func procFilesAndFIFOsAreRefusedWithOneWarningAndNeverRead() throws {
        let s = try Spool("pseudo")
        let logPath = s.dir.appendingPathComponent("log.txt").path
        let logFD = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(logFD) }
        let parser = EventParser(channelNames: ["chat"], maxLineBytes: 1024)
        let tailer = SpoolTailer(directory: s.dir.path, pattern: "*.jsonl", parser: parser, maxLineBytes: 1024,
                                 log: Logger(minimum: .info, fd: logFD))
        symlink("/proc/self/status", s.path("status.jsonl"))
        symlink("/proc/kmsg", s.path("kmsg.jsonl"))
        mkfifo(s.path("fifo.jsonl"), 0o644)
        s.append("good.jsonl", Self.line("a"))
        var got: [String] = []
        for _ in 0..<3 {
            tailer.scan()
            tailer.refresh()
            tailer.apply(maxLines: .max) { outcome, _, _ in
                switch outcome {
                case .event(let e): got.append(e.ticket)
                case .rejected(let r): got.append("!\(r.name)")
                }
            }
        }
        #expect(got == ["a"])
        #expect(tailer.fileCount == 1)
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        let refusals = log.split(separator: "\n").filter { $0.contains("refusing spool file") }
        #expect(refusals.count == 2)
        #expect(refusals.contains { $0.contains("status.jsonl") && $0.contains("proc") })
        #expect(refusals.contains { $0.contains("kmsg.jsonl") })
    }
}
