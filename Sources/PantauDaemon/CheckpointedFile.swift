import PantauCore

/// One spool file's read position in a checkpoint (SPEC §4). On restart a file is resumed only
/// when its device, inode and first bytes all match, so a reused inode starts from the beginning.
public struct CheckpointedFile: Sendable, Equatable {
    /// Fingerprints longer than this are cut to it when encoded.
    public static let maximumFingerprintLength = 64

    /// The path the file had when the checkpoint was taken.
    public var path: String
    /// `st_dev` of the file.
    public var device: UInt64
    /// `st_ino` of the file.
    public var inode: UInt64
    /// The file's first bytes (up to `maximumFingerprintLength`; fewer for a shorter file).
    public var fingerprint: [UInt8]
    /// Bytes consumed as complete lines: reading resumes here.
    public var offset: Int64

    /// A position of the file with that identity.
    public init(path: String, device: UInt64, inode: UInt64, fingerprint: [UInt8], offset: Int64) {
        self.path = path
        self.device = device
        self.inode = inode
        self.fingerprint = fingerprint
        self.offset = offset
    }

    /// Path, device, inode, a one-byte fingerprint length and the fingerprint, offset.
    func encode(into w: inout StateWriter) {
        w.write(path)
        w.write(device)
        w.write(inode)
        let print = fingerprint.prefix(CheckpointedFile.maximumFingerprintLength)
        w.write(UInt8(print.count))
        w.write(raw: print)
        w.write(offset)
    }

    /// Reads what `encode(into:)` wrote.
    init(decoding r: inout StateReader) throws {
        path = try r.readString("file path")
        device = try r.read("file device")
        inode = try r.read("file inode")
        let n = try r.read("file fingerprint length", as: UInt8.self, in: 0...UInt8(CheckpointedFile.maximumFingerprintLength))
        fingerprint = try r.read(rawCount: Int(n), "file fingerprint")
        offset = try r.read("file offset", in: 0...Int64.max)
    }
}
