import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// The tailer against real files (SPEC §4), one case per test.
@Suite struct SpoolTailerTests {
    final class Spool {
        let dir: URL
        let tailer: SpoolTailer
        var applied: [String] = []  // "ticket:type" or "!reason"

        init(_ name: String, maxLineBytes: Int = 1024) throws {
            dir = try TestPaths.scratch("tailer-\(name)")
            let parser = EventParser(channelNames: ["chat"], maxLineBytes: maxLineBytes)
            tailer = SpoolTailer(directory: dir.path, pattern: "*.jsonl", parser: parser, maxLineBytes: maxLineBytes,
                                 log: Logger(minimum: .error, fd: open("/dev/null", O_WRONLY)))
            tailer.drainGraceNanoseconds = 0
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        /// Names written since inotify's handler last looked, as inotify queues them.
        var queued: [[UInt8]] = []

        /// Gives the tailer the daemon's hook: it takes in what inotify has queued.
        func collectQueuedNames() {
            tailer.collectChanges = { [unowned self] in
                tailer.noteChanged(queued)
                queued.removeAll()
            }
        }

        /// One `apply` call (`during` sees each ticket as it is applied), then polls to the end:
        /// the tickets in the order applied.
        func ticketsInOrder(during: (String) -> Void = { _ in }) -> [String] {
            var got: [String] = []
            _ = tailer.apply(maxLines: .max) { outcome, _, _ in
                guard case .event(let e) = outcome else { return }
                got.append(e.ticket)
                during(e.ticket)
            }
            return got + poll().map { String($0.split(separator: ":")[0]) }
        }

        func append(_ name: String, _ text: String) {
            let fd = open(path(name), O_WRONLY | O_APPEND | O_CREAT, 0o644)
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }

        /// One poll: scan, refresh, apply everything complete.
        @discardableResult
        func poll() -> [String] {
            tailer.scan()
            tailer.refresh()
            var got: [String] = []
            // As the daemon does: again while the tailer says work remains (an over-long line
            // is skipped within a budget of its own, after the merge).
            for _ in 0..<1000 {
                let progress = tailer.apply(maxLines: .max) { outcome, _, _ in
                    switch outcome {
                    case .event(let e): got.append("\(e.ticket):\(e.type.name)")
                    case .rejected(let r): got.append("!\(r.name)")
                    }
                }
                if !progress.more { break }
            }
            applied += got
            return got
        }
    }

    static func line(_ ticket: String, _ type: String = "created", second: Int = 0) -> String {
        let channel = type == "created" ? #","channel":"chat""# : ""
        return #"{"id":"\#(ticket)-\#(type)","ts":"2026-03-02T08:00:\#(String(format: "%02d", second))Z","ticket":"\#(ticket)","type":"\#(type)"\#(channel)}"# + "\n"
    }

    @Test func filesPresentAtStartAndCreatedLaterAreReadFromTheirStart() throws {
        let s = try Spool("start")
        s.append("a.jsonl", Self.line("a"))
        #expect(s.poll() == ["a:created"])
        s.append("b.jsonl", Self.line("b"))
        s.append("ignored.txt", Self.line("x"))
        #expect(s.poll() == ["b:created"])
    }

    @Test func fileRenamedInIsRead() throws {
        let s = try Spool("renamed-in")
        try FileManager.default.createDirectory(atPath: s.path("tmp"), withIntermediateDirectories: true)
        s.append("tmp/batch.jsonl", Self.line("a") + Self.line("b", second: 1))
        #expect(s.poll().isEmpty)
        rename(s.path("tmp/batch.jsonl"), s.path("batch-1.jsonl"))
        #expect(s.poll() == ["a:created", "b:created"])
    }

    @Test func growthIsFollowedAndAPartialLineWaitsForItsNewline() throws {
        let s = try Spool("growth")
        let full = Self.line("a")
        s.append("a.jsonl", String(full.dropLast(10)))
        #expect(s.poll().isEmpty)
        s.append("a.jsonl", String(full.suffix(10)))
        #expect(s.poll() == ["a:created"])
        s.append("a.jsonl", Self.line("a", "assigned", second: 1))
        #expect(s.poll() == ["a:assigned"])
    }

    @Test func rotationByRenameDrainsTheOldFileIncludingLateWrites() throws {
        let s = try Spool("rotate")
        s.append("a.jsonl", Self.line("a"))
        s.poll()
        // The producer keeps its descriptor: rename, write to the old file, then start a new one.
        let old = open(s.path("a.jsonl"), O_WRONLY | O_APPEND)
        rename(s.path("a.jsonl"), s.path("a.jsonl.1"))
        let late = Self.line("a", "assigned", second: 1)
        _ = late.withCString { write(old, $0, strlen($0)) }
        close(old)
        s.append("a.jsonl", Self.line("b", second: 2))
        #expect(s.poll() == ["a:assigned", "b:created"])
        #expect(s.tailer.fileCount <= 2)
    }

    @Test func renameToAnotherMatchingNameKeepsTheOffset() throws {
        let s = try Spool("rename-matching")
        s.append("events.jsonl", Self.line("a"))
        #expect(s.poll() == ["a:created"])
        rename(s.path("events.jsonl"), s.path("events.1.jsonl"))
        s.append("events.1.jsonl", Self.line("a", "assigned", second: 1))
        s.append("events.jsonl", Self.line("b", second: 2))
        #expect(s.poll() == ["a:assigned", "b:created"])
    }

    @Test func copytruncateStartsOverFromTheBeginning() throws {
        let s = try Spool("copytruncate")
        s.append("a.jsonl", Self.line("a") + Self.line("b", second: 1))
        #expect(s.poll().count == 2)
        truncate(s.path("a.jsonl"), 0)
        s.append("a.jsonl", Self.line("c", second: 2))
        #expect(s.poll() == ["c:created"])
    }

    @Test func truncateAndRewriteToTheSameSizeIsNoticed() throws {
        let s = try Spool("rewrite-same-size")
        s.append("a.jsonl", Self.line("a"))
        #expect(s.poll() == ["a:created"])
        usleep(10_000)  // a distinct modification time
        truncate(s.path("a.jsonl"), 0)
        s.append("a.jsonl", Self.line("b"))  // exactly as long as the line it replaces
        #expect(s.poll() == ["b:created"])
    }

    @Test func deletedFileIsDrainedThroughItsDescriptor() throws {
        let s = try Spool("delete")
        s.append("a.jsonl", Self.line("a"))
        s.poll()
        let fd = open(s.path("a.jsonl"), O_WRONLY | O_APPEND)
        unlink(s.path("a.jsonl"))
        let more = Self.line("a", "assigned", second: 1)
        _ = more.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        #expect(s.poll() == ["a:assigned"])
        s.poll()
        #expect(s.tailer.fileCount == 0)
    }

    @Test func symlinkSwapFollowsTheNewTarget() throws {
        let s = try Spool("symlink")
        try FileManager.default.createDirectory(atPath: s.path("store"), withIntermediateDirectories: true)
        s.append("store/one", Self.line("a"))
        s.append("store/two", Self.line("b", second: 1))
        symlink(s.path("store/one"), s.path("live.jsonl"))
        #expect(s.poll() == ["a:created"])
        unlink(s.path("live.jsonl"))
        symlink(s.path("store/two"), s.path("live.jsonl"))
        #expect(s.poll() == ["b:created"])
    }

    @Test func fileThatCannotBeOpenedYetIsRetried() throws {
        let s = try Spool("retry")
        // A dangling symlink: the name exists, the file does not yet.
        symlink(s.path("later"), s.path("later.jsonl"))
        #expect(s.poll().isEmpty)
        s.append("later", Self.line("a"))
        #expect(s.poll() == ["a:created"])
    }

    @Test func inodeReuseIsDetectedByFingerprintOnResume() throws {
        let s = try Spool("inode-reuse")
        s.append("a.jsonl", Self.line("a") + Self.line("b", second: 1))
        var st = stat()
        stat(s.path("a.jsonl"), &st)
        // A checkpoint saw this inode with other first bytes and an offset: it is not the same file.
        let identity = FileIdentity(st)
        s.tailer.resume(from: [CheckpointedFile(path: s.path("a.jsonl"), device: identity.device, inode: identity.inode,
                                                fingerprint: Array("something else entirely".utf8), offset: 40)])
        #expect(s.poll() == ["a:created", "b:created"])
        // With the right fingerprint, the offset is honoured.
        let t = try Spool("inode-same")
        t.append("a.jsonl", Self.line("a") + Self.line("b", second: 1))
        stat(t.path("a.jsonl"), &st)
        let first = Self.line("a")
        t.tailer.resume(from: [CheckpointedFile(path: t.path("a.jsonl"), device: FileIdentity(st).device, inode: FileIdentity(st).inode,
                                                fingerprint: Array(first.utf8.prefix(64)), offset: Int64(first.utf8.count))])
        #expect(t.poll() == ["b:created"])
    }

    @Test func crlfLineEndsAreAccepted() throws {
        let s = try Spool("crlf")
        s.append("a.jsonl", Self.line("a").replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(s.poll() == ["a:created"])
    }

    @Test func overlongLineBetweenGoodLinesIsRejectedAlone() throws {
        let s = try Spool("long", maxLineBytes: 300)
        let long = #"{"pad":""# + String(repeating: "x", count: 200_000) + "\"}\n"
        s.append("a.jsonl", Self.line("a") + long + Self.line("b", second: 1))
        #expect(s.poll() == ["a:created", "!line_too_long", "b:created"])
    }

    @Test func invalidUTF8IsRejectedAndReadingGoesOn() throws {
        let s = try Spool("utf8")
        let fd = open(s.path("a.jsonl"), O_WRONLY | O_CREAT, 0o644)
        let bytes: [UInt8] = Array(Self.line("a").utf8) + [0x7B, 0xFF, 0xFE, 0x7D, 0x0A] + Array(Self.line("b", second: 1).utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(s.poll() == ["a:created", "!invalid_utf8", "b:created"])
    }

    @Test func linesFromSeveralFilesAreMergedByTimestamp() throws {
        let s = try Spool("merge")
        s.append("x.jsonl", Self.line("a", second: 1) + Self.line("c", second: 3))
        s.append("y.jsonl", Self.line("b", second: 2) + "not json\n" + Self.line("d", second: 4))
        let got = s.poll()
        #expect(got == ["a:created", "b:created", "!invalid_json", "c:created", "d:created"])
    }

    @Test func aThousandFiles() throws {
        let s = try Spool("thousand")
        for i in 0..<1000 { s.append(String(format: "f%04d.jsonl", i), Self.line("t\(i)", second: i % 60)) }
        let got = s.poll()
        #expect(got.count == 1000)
        #expect(s.tailer.fileCount == 1000)
        #expect(Set(got).count == 1000)
    }

    /// Live appends to two files by one producer, in ts order: `x` goes quiet within a call, then
    /// the producer writes to `x` (ts 3) and after it to `y` (ts 4) while `y` is being read. The
    /// fresh read of `y` brings ts 4; what inotify reported meanwhile (`collectChanges`, here the
    /// names the producer wrote, as inotify queues them) brings `x` back into the merge first, so
    /// ts 3 is applied before ts 4. Without the hook (the tailer before the fix) ts 4 overtakes.
    @Test(arguments: [true, false])
    func linesWrittenWhileAnotherFileIsReadKeepTheirOrder(collecting: Bool) throws {
        let s = try Spool("overtake-\(collecting)")
        s.append("x.jsonl", Self.line("x1", second: 1))
        s.append("y.jsonl", Self.line("y2", second: 2))
        s.tailer.scan()
        if collecting { s.collectQueuedNames() }
        let got = s.ticketsInOrder { ticket in
            guard ticket == "y2" else { return }
            // While y2 is applied: the producer writes x (ts 3), then y (ts 4).
            s.append("x.jsonl", Self.line("x3", second: 3))
            s.append("y.jsonl", Self.line("y4", second: 4))
            s.queued += [Array("x.jsonl".utf8), Array("y.jsonl".utf8)]
        }
        if collecting {
            #expect(got == ["x1", "y2", "x3", "y4"])
        } else {
            #expect(got == ["x1", "y2", "y4", "x3"], "the case the hook is for no longer arises: \(got)")
        }
    }

    /// The same when the read that overtakes is the one of a dirty file: `x` has gone quiet; `y`
    /// is reported; just after inotify's handler took that in, the producer writes `x` (ts 3) and
    /// `y` (ts 4), so the one read of `y` brings ts 2 and ts 4 together. Taking in inotify's news
    /// after that read puts ts 3 in the merge before ts 4 follows from the buffer.
    @Test(arguments: [true, false])
    func aReadWhileLoadingDirtyFilesDoesNotOvertakeEither(collecting: Bool) throws {
        let s = try Spool("overtake-dirty-\(collecting)")
        s.append("x.jsonl", Self.line("x1", second: 1))
        #expect(s.poll() == ["x1:created"])
        s.append("y.jsonl", Self.line("y2", second: 2))
        s.tailer.noteChanged([Array("y.jsonl".utf8)])
        // Just after inotify's handler took that in: the producer writes x (ts 3), then y (ts 4);
        // inotify queues both names.
        s.append("x.jsonl", Self.line("x3", second: 3))
        s.append("y.jsonl", Self.line("y4", second: 4))
        s.queued = [Array("x.jsonl".utf8), Array("y.jsonl".utf8)]
        if collecting { s.collectQueuedNames() }
        let got = s.ticketsInOrder()
        if collecting {
            #expect(got == ["y2", "x3", "y4"])
        } else {
            #expect(got == ["y2", "y4", "x3"], "the case the hook is for no longer arises: \(got)")
        }
    }
}
