
/// One spool file's read position in a checkpoint (SPEC §4). On restart a file is resumed only
/// when its device, inode, first bytes and the bytes just before the position (the anchor) all
/// match, so a reused inode, or a file rewritten while the daemon was down, starts from the
/// beginning even when its lines share a long prefix with the old ones.
public struct CheckpointedFile: Sendable, Equatable {
    /// Fingerprints longer than this are cut to it when encoded.
    public static let maximumFingerprintLength = 64

    /// The path the file had when the checkpoint was taken, as bytes (names need not be UTF-8).
    public var path: [UInt8]
    /// `st_dev` of the file.
    public var device: UInt64
    /// `st_ino` of the file.
    public var inode: UInt64
    /// The file's first bytes (up to `maximumFingerprintLength`; fewer for a shorter file).
    public var fingerprint: [UInt8]
    /// Bytes consumed as complete lines: reading resumes here.
    public var offset: Int64
    /// Lines consumed (for `FILE:LINE` in logs); nil when not known (a format 1 checkpoint).
    public var lines: Int64?
    /// Length and CRC-32 of the bytes just before `offset` (up to 4 KiB); length 0 when not known.
    public var anchorLength: Int
    public var anchorChecksum: UInt32

    /// A position of the file with that identity.
    public init(path: [UInt8], device: UInt64, inode: UInt64, fingerprint: [UInt8], offset: Int64,
                lines: Int64? = nil, anchorLength: Int = 0, anchorChecksum: UInt32 = 0) {
        self.path = path
        self.device = device
        self.inode = inode
        self.fingerprint = fingerprint
        self.offset = offset
        self.lines = lines
        self.anchorLength = anchorLength
        self.anchorChecksum = anchorChecksum
    }

    /// A position with a path given as text.
    public init(path: String, device: UInt64, inode: UInt64, fingerprint: [UInt8], offset: Int64,
                lines: Int64? = nil, anchorLength: Int = 0, anchorChecksum: UInt32 = 0) {
        self.init(path: Array(path.utf8), device: device, inode: inode, fingerprint: fingerprint, offset: offset,
                  lines: lines, anchorLength: anchorLength, anchorChecksum: anchorChecksum)
    }

    /// Path, device, inode, a one-byte fingerprint length and the fingerprint, offset; since
    /// format 2 also the line count (-1: unknown) and the anchor (`UInt16` length, CRC-32).
    func encode(into w: inout StateWriter) {
        w.write(UInt32(path.count))
        w.write(raw: path)
        w.write(device)
        w.write(inode)
        let print = fingerprint.prefix(CheckpointedFile.maximumFingerprintLength)
        w.write(UInt8(print.count))
        w.write(raw: print)
        w.write(offset)
        w.write(lines ?? -1)
        w.write(UInt16(min(anchorLength, Int(UInt16.max))))
        w.write(anchorChecksum)
    }

    /// Reads what `encode(into:)` wrote (format `version`: 1 has no line count and no anchor).
    init(decoding r: inout StateReader, version: UInt32) throws {
        let n = try r.readCount("file path length", elementSize: 1, limit: 1 << 16)
        path = try r.read(rawCount: n, "file path")
        device = try r.read("file device")
        inode = try r.read("file inode")
        let count = try r.read("file fingerprint length", as: UInt8.self, in: 0...UInt8(CheckpointedFile.maximumFingerprintLength))
        fingerprint = try r.read(rawCount: Int(count), "file fingerprint")
        offset = try r.read("file offset", in: 0...Int64.max)
        if version >= 2 {
            let lines: Int64 = try r.read("file lines", in: -1...Int64.max)
            self.lines = lines < 0 ? nil : lines
            anchorLength = Int(try r.read("file anchor length", as: UInt16.self))
            anchorChecksum = try r.read("file anchor checksum")
        } else {
            lines = nil
            anchorLength = 0
            anchorChecksum = 0
        }
    }
}
