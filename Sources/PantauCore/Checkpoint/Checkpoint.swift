
/// What the daemon saves so that a restart continues exactly where it stopped (SPEC §4): the
/// engine state, every spool file's read position and the push sequence, taken together.
///
/// Layout (little-endian): magic `PNTUCKPT`, `UInt32` format version, push sequence, boot id,
/// (format 2) the live clock, the files, the engine state (a `UInt64` length and the bytes), then a CRC-32 of everything
/// before it. The engine state comes last so that a writer can stream it from its own buffer.
public struct Checkpoint: Sendable, Equatable {
    /// The version of this layout; the engine state carries its own. Version 2 added each file's
    /// line count and anchor; version 1 checkpoints are still read.
    public static let formatVersion: UInt32 = 2
    static let readableVersions: ClosedRange<UInt32> = 1...2
    static let magic: [UInt8] = Array("PNTUCKPT".utf8)
    /// Bytes after the engine state (the checksum).
    static let trailerSize = 4

    /// `SLAEngine.encodeState` output.
    public var engineState: [UInt8]
    /// Read positions of the spool files.
    public var files: [CheckpointedFile]
    /// The last `breach`/`warning` sequence number pushed (SSE ids continue from it).
    public var pushSequence: UInt64
    /// The boot id of the process that wrote it (the `BOOT` of SSE ids).
    public var bootID: String
    /// The live clock's state and the kernel boot it belongs to (elapsed time restarts with the
    /// machine); nil in format 1 and in `--clock events` mode.
    public var clock: ClockRecord?

    /// `LiveClock.State` with the kernel's boot id (`/proc/sys/kernel/random/boot_id`).
    public struct ClockRecord: Sendable, Equatable {
        public var kernelBootID: String
        public var state: LiveClock.State

        public init(kernelBootID: String, state: LiveClock.State) {
            self.kernelBootID = kernelBootID
            self.state = state
        }
    }

    /// A checkpoint of these parts (nothing is validated until it is decoded).
    public init(engineState: [UInt8], files: [CheckpointedFile], pushSequence: UInt64, bootID: String, clock: ClockRecord? = nil) {
        self.engineState = engineState
        self.files = files
        self.pushSequence = pushSequence
        self.bootID = bootID
        self.clock = clock
    }

    /// The encoded checkpoint in one buffer.
    public func encoded() -> [UInt8] {
        var (out, trailer) = encodedParts()
        out.reserveCapacity(out.count + engineState.count + trailer.count)
        out.append(contentsOf: engineState)
        out.append(contentsOf: trailer)
        return out
    }

    /// The encoding as `head + engineState + trailer`, so that a writer need not copy the
    /// (possibly large) engine state into a new buffer.
    public func encodedParts() -> (head: [UInt8], trailer: [UInt8]) {
        var w = StateWriter(reservingCapacity: 256 + files.count * 128)
        w.write(raw: Checkpoint.magic)
        w.write(Checkpoint.formatVersion)
        w.write(pushSequence)
        w.write(bootID)
        w.write(clock != nil)
        if let clock {
            w.write(clock.kernelBootID)
            w.write(clock.state.offset)
            w.write(clock.state.stepSince ?? -1)
            w.write(clock.state.steps)
        }
        w.write(UInt32(files.count))
        for f in files { f.encode(into: &w) }
        w.write(UInt64(engineState.count))
        let head = w.finish()
        var crc = CRC32()
        crc.update(head)
        crc.update(engineState)
        var trailer = StateWriter(reservingCapacity: Checkpoint.trailerSize)
        trailer.write(crc.value)
        return (head, trailer.finish())
    }

    /// Decodes `encoded()` output. Throws a `StateDecodingError` for another magic
    /// (`.wrongMagic`), another version (`.unsupportedVersion`), a checksum that does not match
    /// (`.checksumMismatch`) or bytes that do not parse.
    public init(decoding bytes: [UInt8]) throws {
        var r = StateReader(bytes)
        let magic = try r.read(rawCount: Checkpoint.magic.count, "checkpoint magic")
        guard magic == Checkpoint.magic else {
            throw StateDecodingError(.wrongMagic, at: 0, "not a Pantau checkpoint (magic \(magic))")
        }
        let version: UInt32 = try r.read("checkpoint version")
        guard Checkpoint.readableVersions.contains(version) else {
            throw StateDecodingError(.unsupportedVersion, at: r.offset - 4,
                                     "checkpoint format version \(version), this build reads \(Checkpoint.formatVersion)")
        }
        guard bytes.count >= r.offset + Checkpoint.trailerSize else {
            throw StateDecodingError.truncated("checkpoint checksum", needed: Checkpoint.trailerSize, at: r.offset,
                                               available: bytes.count - r.offset)
        }
        let bodyEnd = bytes.count - Checkpoint.trailerSize
        var trailer = StateReader(bytes, range: bodyEnd..<bytes.count)
        let stored: UInt32 = try trailer.read("checkpoint checksum")
        let computed = bytes.withUnsafeBytes { raw in
            var crc = CRC32()
            crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<bodyEnd]))
            return crc.value
        }
        guard stored == computed else {
            throw StateDecodingError(.checksumMismatch, at: bodyEnd,
                                     "checkpoint checksum \(hex(stored)) does not match the contents (\(hex(computed)))")
        }

        r = StateReader(bytes, range: r.offset..<bodyEnd)
        pushSequence = try r.read("push sequence")
        bootID = try r.readString("boot id")
        clock = nil
        if version >= 2, try r.readBool("clock present") {
            let kernelBootID = try r.readString("kernel boot id", maxBytes: 64)
            let offset: Int64 = try r.read("clock offset")
            let since: Int64 = try r.read("clock step since", in: -1...Int64.max)
            let steps: UInt64 = try r.read("clock steps")
            clock = ClockRecord(kernelBootID: kernelBootID, state: LiveClock.State(offset: offset, stepSince: since < 0 ? nil : since, steps: steps))
        }
        let fileCount = try r.readCount("file count", elementSize: 4 + 8 + 8 + 1 + 8)
        var files: [CheckpointedFile] = []
        files.reserveCapacity(fileCount)
        for _ in 0..<fileCount { files.append(try CheckpointedFile(decoding: &r, version: version)) }
        self.files = files
        engineState = try r.readBlob("engine state")
        try r.expectEnd("checkpoint")
    }
}

private func hex(_ v: UInt32) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
