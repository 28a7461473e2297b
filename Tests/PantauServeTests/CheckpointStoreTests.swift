import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

/// SPEC §4: the checkpoint file (encoding, checksum, atomic replacement, broken files moved
/// aside) and restarts from it on a realistic stream.
@Suite struct CheckpointStoreTests {
    static func sample(state: [UInt8] = Array(0..<200).map { UInt8($0) }) -> Checkpoint {
        Checkpoint(engineState: state, files: [
            CheckpointedFile(path: "/var/spool/pantau/chat.jsonl", device: 2049, inode: 131_074,
                             fingerprint: Array("{\"id\":\"e1\",\"ts\":\"2026-03-04T06:00:00Z\"".utf8), offset: 123_456),
            CheckpointedFile(path: "/var/spool/pantau/empty.jsonl", device: 2049, inode: 7, fingerprint: [], offset: 0),
        ], pushSequence: 42, bootID: "1a2b3c4d")
    }

    static func withDirectory(_ body: (String) throws -> Void) throws {
        let dir = try TestPaths.scratch("checkpoint")
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir.path)
    }

    static func names(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    // MARK: Encoding

    @Test func crcMatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        // Any split into updates gives the same value as one pass (the 8-byte path and the tail agree).
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var crc = CRC32()
        for cut in stride(from: 0, to: 1000, by: 13) { crc.update(Array(bytes[cut..<min(cut + 13, 1000)])) }
        #expect(crc.value == CRC32.checksum(bytes))
    }

    @Test func checkpointRoundTrips() throws {
        let c = Self.sample()
        let bytes = c.encoded()
        #expect(Array(bytes.prefix(8)) == Array("PNTUCKPT".utf8))
        #expect(try Checkpoint(decoding: bytes) == c)
        let (head, trailer) = c.encodedParts()
        #expect(head + c.engineState + trailer == bytes)
        let empty = Checkpoint(engineState: [], files: [], pushSequence: 0, bootID: "")
        #expect(try Checkpoint(decoding: empty.encoded()) == empty)
    }

    @Test func truncatedCheckpointsAreRejected() {
        let bytes = Self.sample().encoded()
        var accepted: [Int] = []
        for n in 0..<bytes.count where (try? Checkpoint(decoding: Array(bytes[..<n]))) != nil { accepted.append(n) }
        #expect(accepted.isEmpty)
        #expect(throws: StateDecodingError.self) { try Checkpoint(decoding: bytes + [0]) }
    }

    @Test func everyFlippedByteIsCaught() {
        let bytes = Self.sample().encoded()
        var kinds: [StateDecodingError.Kind: Int] = [:]
        var accepted: [Int] = []
        for i in bytes.indices {
            var m = bytes
            m[i] ^= 0x10
            do {
                _ = try Checkpoint(decoding: m)
                accepted.append(i)
            } catch let e as StateDecodingError {
                kinds[e.kind, default: 0] += 1
            } catch {
                accepted.append(i)
            }
        }
        #expect(accepted.isEmpty)
        #expect(kinds[.wrongMagic] == 8)
        #expect(kinds[.unsupportedVersion] == 4)
        #expect(kinds[.checksumMismatch] == bytes.count - 12)
    }

    @Test func wrongMagicAndVersionAreNamed() {
        var bytes = Self.sample().encoded()
        bytes[0] = UInt8(ascii: "X")
        let magic = #expect(throws: StateDecodingError.self) { try Checkpoint(decoding: bytes) }
        #expect(magic?.kind == .wrongMagic)
        // Another version with a valid checksum: the version is what is reported.
        var other = Self.sample().encoded()
        other[8] = 99
        let body = Array(other.dropLast(4))
        var w = StateWriter(appendingTo: body)
        w.write(CRC32.checksum(body))
        let version = #expect(throws: StateDecodingError.self) { try Checkpoint(decoding: w.finish()) }
        #expect(version?.kind == .unsupportedVersion)
        #expect(version?.description.contains("99") == true)
    }

    // MARK: Store

    @Test func writeThenLoad() throws {
        try Self.withDirectory { root in
            let dir = root + "/state/nested"
            let store = CheckpointStore(directory: dir)
            #expect(store.load() == CheckpointStore.LoadResult.none)
            try store.write(Self.sample())
            var st = stat()
            #expect(stat(dir, &st) == 0)
            #expect(st.st_mode & 0o777 & ~0o750 == 0 && st.st_mode & 0o700 == 0o700)
            #expect(Self.names(in: dir) == ["checkpoint.bin"])
            #expect(store.load() == .loaded(Self.sample()))
            // A second write replaces the first.
            var next = Self.sample(state: [1, 2, 3])
            next.pushSequence = 43
            try store.write(next)
            #expect(store.load() == .loaded(next))
            #expect(Self.names(in: dir) == ["checkpoint.bin"])
        }
    }

    @Test func garbledFileIsMovedAside() throws {
        try Self.withDirectory { dir in
            let store = CheckpointStore(directory: dir)
            try store.write(Self.sample())
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: store.path)))
            bytes[40] ^= 1
            try Data(bytes).write(to: URL(fileURLWithPath: store.path))
            guard case .discarded(let reason, let movedTo) = store.load() else {
                Issue.record("a garbled checkpoint was not discarded")
                return
            }
            #expect(reason.contains("checksum"))
            #expect(movedTo.hasPrefix(dir + "/checkpoint.bin.broken-"))
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: movedTo))) == bytes)
            #expect(!FileManager.default.fileExists(atPath: store.path))
            #expect(store.load() == CheckpointStore.LoadResult.none)
            // Writing again works, and the broken file stays for the operator.
            try store.write(Self.sample())
            #expect(store.load() == .loaded(Self.sample()))
            #expect(Self.names(in: dir).count == 2)
        }
    }

    @Test func foreignFilesAreMovedAsideUnderDistinctNames() throws {
        try Self.withDirectory { dir in
            let store = CheckpointStore(directory: dir)
            var moved: [String] = []
            for junk in [Array("hello".utf8), [], Array("PNTUCKPT\u{2}\0\0\0 from the future".utf8)] {
                try Data(junk).write(to: URL(fileURLWithPath: store.path))
                guard case .discarded(_, let movedTo) = store.load() else {
                    Issue.record("\(junk) was not discarded")
                    continue
                }
                moved.append(movedTo)
            }
            #expect(Set(moved).count == 3)
            #expect(Self.names(in: dir).count == 3)
        }
    }

    @Test func leftoverTemporaryFileDoesNotConfuseLoad() throws {
        try Self.withDirectory { dir in
            let store = CheckpointStore(directory: dir)
            let temporary = dir + "/checkpoint.bin.tmp"
            // A crash before the first rename: only a half-written temporary file.
            try Data(Self.sample().encoded().prefix(30)).write(to: URL(fileURLWithPath: temporary))
            #expect(store.load() == CheckpointStore.LoadResult.none)
            #expect(!FileManager.default.fileExists(atPath: temporary))
            // A crash during a later write: the previous checkpoint is intact.
            try store.write(Self.sample())
            try Data("partial".utf8).write(to: URL(fileURLWithPath: temporary))
            #expect(store.load() == .loaded(Self.sample()))
            #expect(Self.names(in: dir) == ["checkpoint.bin"])
            // And the next write is not disturbed by one either.
            try Data("partial".utf8).write(to: URL(fileURLWithPath: temporary))
            try store.write(Self.sample(state: [7]))
            #expect(store.load() == .loaded(Self.sample(state: [7])))
        }
    }

    @Test func moveAsideReportsWhereTheFileWent() throws {
        try Self.withDirectory { dir in
            let store = CheckpointStore(directory: dir)
            #expect(store.moveAside() == nil)
            try store.write(Self.sample())
            let moved = store.moveAside()
            #expect(moved?.hasPrefix(dir + "/checkpoint.bin.broken-") == true)
            #expect(store.load() == CheckpointStore.LoadResult.none)
        }
    }

    @Test func writeIntoAnImpossibleDirectoryThrows() throws {
        try Self.withDirectory { dir in
            try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
            #expect(throws: (any Error).self) { try CheckpointStore(directory: dir + "/file/state").write(Self.sample()) }
        }
    }

    // MARK: Restart on a simulated stream

    /// A restart from a checkpoint at 8 random lines of a realistic stream (through the file
    /// store) ends with the same figures, and pushes the same notifications from the cut on, as
    /// one uninterrupted run; so does a chain of restarts.
    @Test func restartsAtRandomLinesGiveIdenticalFiguresAndNotifications() throws {
        let s = SimulatedStreamPropertyTests.stream(seed: 21, lines: 24_000)
        let configuration = try SimulatedStreamPropertyTests.configuration()
        let zone = TimeZone(identifier: "UTC")!
        var parser = EventParser(channelNames: configuration.channels.map(\.name))
        let parsed = s.lines.map { line in line.dropLast().withUnsafeBufferPointer { parser.parse($0) } }
        func feed(_ engine: inout SLAEngine, _ lines: ArraySlice<ParseOutcome>, _ notes: inout [SLANotification]) {
            for outcome in lines {
                switch outcome {
                case .event(let e): _ = engine.apply(e, notifications: &notes)
                case .rejected(let r): engine.recordRejection(r)
                }
            }
        }

        var whole = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: zone))
        var notes: [SLANotification] = []
        var notesBefore: [Int] = []
        for n in parsed.indices {
            notesBefore.append(notes.count)
            feed(&whole, parsed[n...n], &notes)
        }
        notesBefore.append(notes.count)
        whole.advance(to: SimulatedStreamPropertyTests.now, notifications: &notes)
        let expected = SnapshotJSONRenderer.render(whole.snapshot())
        #expect(whole.ticketCount > 100)
        #expect(notes.count > 100)

        var rng = SplitMix64(seed: 21)
        let cuts = (0..<8).map { _ in Int(rng.next() % UInt64(parsed.count + 1)) }.sorted()
        try Self.withDirectory { dir in
            let store = CheckpointStore(directory: dir)
            var engine = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: zone))
            var ignored: [SLANotification] = []
            var done = 0
            for cut in cuts {
                feed(&engine, parsed[done..<cut], &ignored)
                done = cut
                var state: [UInt8] = []
                engine.encodeState(into: &state)
                let checkpoint = Checkpoint(engineState: state, files: [
                    CheckpointedFile(path: "spool/all.jsonl", device: 1, inode: 2, fingerprint: Array(s.lines[0].prefix(64)), offset: Int64(cut)),
                ], pushSequence: UInt64(cut), bootID: "cafe0001")
                try store.write(checkpoint)
                guard case .loaded(let loaded) = store.load() else {
                    Issue.record("checkpoint at line \(cut) did not load")
                    return
                }
                #expect(loaded == checkpoint)
                // The restarted process builds its settings from the configuration anew.
                engine = try SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: zone),
                                       decodingState: loaded.engineState)
                var again: [UInt8] = []
                engine.encodeState(into: &again)
                #expect(again == state, "re-encoding the state decoded at line \(cut)")
                var restarted = engine
                var after: [SLANotification] = []
                feed(&restarted, parsed[cut...], &after)
                restarted.advance(to: SimulatedStreamPropertyTests.now, notifications: &after)
                #expect(after == Array(notes[notesBefore[cut]...]), "notifications after a restart at line \(cut)")
                #expect(SnapshotJSONRenderer.render(restarted.snapshot()) == expected, "figures after a restart at line \(cut)")
            }
        }
    }
}
