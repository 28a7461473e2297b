import Glibc
import PantauCore
import PantauSystem

/// One spool file being followed (SPEC §4): its identity, how far it is applied, and, only while
/// it is being read, a descriptor and a buffer. A drained file gives its buffer up at once and its
/// descriptor after a short grace (`SpoolTailer.descriptorGraceNanoseconds`), so 100,000 files in
/// the spool cost neither 100,000 descriptors nor 100,000 buffers; it is reopened by its path when
/// it changes, and the identity is checked again (`verify`).
///
/// Identity is device, inode, the first bytes (`fingerprint`) and the bytes just before the read
/// position (`FileAnchor`): a copytruncate refilled past the old position, or a file re-created on
/// a reused inode, is read again from its start even when its lines share a long prefix.
///
/// A line longer than `maxLineBytes` is skipped as it streams by, holes by seeking (`SEEK_DATA`),
/// within the byte budget of each call, so a 100 GB file without a newline never holds the engine
/// queue for long; it is reported once, as `line_too_long`, when its newline comes.
final class TailedFile {
    static let fingerprintLength = CheckpointedFile.maximumFingerprintLength
    static let anchorLength = 4096
    static let initialBufferBytes = 64 * 1024
    /// `SEEK_DATA` (Linux, `<unistd.h>` with _GNU_SOURCE; not exported to Swift).
    static let seekData: Int32 = 3

    /// The spool path naming it (updated when it is renamed to another matching name; for a
    /// detached file, the last name it had).
    var path: BytePath
    let identity: FileIdentity
    /// First bytes of the file (up to `fingerprintLength`).
    private(set) var fingerprint: [UInt8]
    /// Bytes of complete lines applied (and of over-long lines skipped): what a checkpoint stores.
    var appliedOffset: Int64
    /// Lines applied (the number of the line at `appliedOffset` is this plus one); nil when unknown
    /// (resumed from a checkpoint that did not count them).
    var appliedLines: Int64?
    /// The anchor at `appliedOffset` when the buffer no longer holds its bytes (or from the checkpoint).
    var savedAnchor: FileAnchor?
    /// The anchor after the parsed head, kept when the buffer is released with a head in it: it
    /// becomes `savedAnchor` once the head is applied.
    var headAnchor: FileAnchor?

    private(set) var descriptor: Int32 = -1
    var buffer: SpoolReadBuffer
    let maxLineBytes: Int
    /// Where the over-long line being skipped started, and its line number.
    var skipping: LineOrigin?

    /// From the last `fstat`/`stat`.
    var size: Int64 = 0
    /// Modification time (seconds), for the merge's tie-break and DeleteConsumed.
    private(set) var modificationTime: Int64 = 0
    var modificationNanoseconds: Int64 = 0
    /// The modification time the content was last verified at; a change means `verify` runs
    /// before the next read.
    var verifiedModification: Int64 = 0

    /// Renamed away or deleted: no spool name refers to it; it drains through its descriptor.
    var detached = false
    var loggedDetach = false
    /// Monotonic time of the last growth seen or byte read.
    var lastActivity: Int64
    /// Queued for a read attempt (`SpoolTailer`).
    var isDirty = false
    /// Reads from the descriptor so far (end of data included): `apply` notes when one happened.
    var reads: UInt64 = 0
    /// A number of its own (round-robin looks of `SpoolTailer.scan`), and the scan that last saw it.
    var serial: UInt64 = 0
    var seenInScan: UInt64 = 0
    /// Order of use, for closing the least recently used descriptor.
    var lastUse: UInt64 = 0
    /// Bytes applied or skipped since the tailer last collected them (`pantau_spool_read_bytes_total`).
    var consumedSinceCollected: Int64 = 0

    /// The next complete line, parsed, where it starts, and its length including the LF.
    var head: ParseOutcome?
    var headOrigin = LineOrigin(offset: 0, line: nil)
    var headLength = 0
    /// Bumped whenever `head` changes, so a merge entry for an older head can be recognised.
    var headGeneration: UInt64 = 0

    init(path: BytePath, descriptor: Int32, stat st: stat, offset: Int64, lines: Int64?, maxLineBytes: Int, now: Int64) {
        self.path = path
        self.identity = FileIdentity(st)
        self.descriptor = descriptor
        self.appliedOffset = offset
        self.appliedLines = lines
        self.maxLineBytes = maxLineBytes
        self.buffer = SpoolReadBuffer(at: offset, initialCapacity: TailedFile.initialBufferBytes,
                                      maximumCapacity: TailedFile.anchorLength + maxLineBytes + 2 + TailedFile.initialBufferBytes)
        self.lastActivity = now
        self.fingerprint = TailedFile.readFingerprint(descriptor)
        note(st)
        verifiedModification = modificationNanoseconds
    }

    deinit { closeDescriptor() }

    var hasDescriptor: Bool { descriptor >= 0 }
    var holdsBuffer: Bool { buffer.isAllocated }

    /// Bytes on disk beyond what was read (as of the last look).
    var hasUnreadBytes: Bool { size > buffer.readPosition }
    /// Whether every byte on disk has been applied (no partial line, nothing unread).
    var fullyApplied: Bool { head == nil && skipping == nil && appliedOffset == size && buffer.unparsedCount == 0 }
    /// Bytes of an incomplete last line held back.
    var pendingPartialBytes: Int { buffer.unparsedCount }

    // MARK: Looking

    /// Records a `stat` of the file; returns what changed.
    @discardableResult
    func note(_ st: stat) -> Change {
        let newSize = Int64(st.st_size)
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        modificationTime = Int64(st.st_mtim.tv_sec)
        defer { size = newSize; modificationNanoseconds = mtime }
        if newSize < buffer.readPosition { return .truncated }
        if mtime != modificationNanoseconds || newSize != size { return newSize > buffer.readPosition ? .grew : .touched }
        return newSize > buffer.readPosition ? .grew : .none
    }

    enum Change { case none, touched, grew, truncated }

    /// `fstat`s the open descriptor; `.none` when there is none.
    func refresh() -> Change {
        guard descriptor >= 0 else { return .none }
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { return .none }
        return note(st)
    }

    /// Takes a descriptor reopened by path (the caller checked that it is this file).
    func adopt(descriptor fd: Int32, stat st: stat) {
        closeDescriptor()
        descriptor = fd
        _ = note(st)
    }

    /// Closes the descriptor and frees the buffer (the anchor is kept first). A parsed head stays.
    func closeDescriptor() {
        releaseBuffer()
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    /// Frees the buffer; unparsed bytes will be read again. The anchors of the applied position
    /// and of the position after the head are kept first, so that no anchor is ever taken from
    /// what the disk holds later (a file rewritten meanwhile would lend its new bytes).
    func releaseBuffer() {
        guard buffer.isAllocated else { return }
        if skipping == nil {
            if let anchor = anchorFromBuffer() { savedAnchor = anchor }
            if head != nil { headAnchor = anchorFromBuffer(endingAt: appliedOffset + Int64(headLength)) }
        }
        buffer.release()
    }

    // MARK: Identity

    static func readFingerprint(_ fd: Int32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: fingerprintLength)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, fingerprintLength, 0) }
        return n > 0 ? Array(bytes[0..<n]) : []
    }

    /// The anchor at `appliedOffset`, from the buffer, the saved one, or read from disk.
    func anchor() -> FileAnchor? {
        if let a = savedAnchor, a.offset == appliedOffset { return a }
        if let a = anchorFromBuffer() { return a }
        guard descriptor >= 0 else { return nil }
        return TailedFile.readAnchor(descriptor, endingAt: appliedOffset)
    }

    func anchorFromBuffer(endingAt offset: Int64? = nil) -> FileAnchor? {
        let end = offset ?? appliedOffset
        let lo = max(0, end - Int64(TailedFile.anchorLength))
        return buffer.withFileBytes(lo..<end) { FileAnchor(offset: end, bytes: $0) }
    }

    static func readAnchor(_ fd: Int32, endingAt offset: Int64) -> FileAnchor? {
        let length = Int(min(offset, Int64(anchorLength)))
        var bytes = [UInt8](repeating: 0, count: length)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(offset - Int64(length))) }
        guard n == length else { return nil }
        return bytes.withUnsafeBytes { FileAnchor(offset: offset, bytes: $0) }
    }

    /// Sets what the file is expected to hold at `appliedOffset` (a checkpoint's resume position).
    func expect(fingerprint known: [UInt8], anchor: FileAnchor?) {
        if !known.isEmpty { fingerprint = known }
        savedAnchor = anchor
        verifiedModification = -1
    }

    /// Whether the next verification checks a checkpoint's expectation (the first since a restart).
    var awaitsResumeCheck: Bool { verifiedModification == -1 }

    /// Whether the content may have been rewritten since it was last verified.
    var needsVerification: Bool { modificationNanoseconds != verifiedModification }

    /// Checks that the first bytes and the bytes before `appliedOffset` are still the ones read;
    /// false means the file was rewritten (copytruncate refilled, or another file on the inode).
    func verify() -> Bool {
        guard descriptor >= 0 else { return true }
        verifiedModification = modificationNanoseconds
        let now = TailedFile.readFingerprint(descriptor)
        let common = min(fingerprint.count, now.count)
        if !now.starts(with: fingerprint.prefix(common)) || now.count < min(fingerprint.count, Int(size)) { return false }
        guard appliedOffset > 0 else { return true }
        let expected: FileAnchor? = savedAnchor?.offset == appliedOffset ? savedAnchor : anchorFromBuffer()
        guard let expected else { return true }
        return TailedFile.readAnchor(descriptor, endingAt: appliedOffset) == expected
    }

    /// Starts over at offset 0 (truncated, or rewritten).
    func startOver(now: Int64) {
        appliedOffset = 0
        appliedLines = 0
        savedAnchor = nil
        headAnchor = nil
        skipping = nil
        setHead(nil, length: 0)
        buffer.jump(to: 0)
        if descriptor >= 0 { fingerprint = TailedFile.readFingerprint(descriptor) }
        verifiedModification = modificationNanoseconds
        lastActivity = now
    }

}
