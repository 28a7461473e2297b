import Glibc
import PantauCore

/// One spool file being followed: an open descriptor read with `pread` from stored offsets, a
/// bounded buffer of read-but-unapplied bytes, and the head line parsed for the merge.
///
/// `appliedOffset` counts the bytes of complete lines applied (what a checkpoint stores); a partial
/// last line stays in the buffer until its LF arrives. A line longer than `maxLineBytes` is skipped
/// as it streams by and reported once as `line_too_long`, so the buffer never holds more than
/// `maxLineBytes + chunk` bytes.
final class TailedFile {
    /// The spool path naming it (updated when it is renamed to another matching name).
    var path: String
    let identity: FileIdentity
    let fd: Int32
    /// First bytes of the file (up to `fingerprintLength`), to tell a reused inode apart.
    private(set) var fingerprint: [UInt8]
    static let fingerprintLength = 64

    /// Bytes of complete lines applied.
    private(set) var appliedOffset: Int64
    /// Offset of the next byte to read from disk.
    private var readOffset: Int64
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private let maxLineBytes: Int
    private let chunk: Int
    /// Skipping the rest of an over-long line.
    private var skipping = false

    /// Renamed away or deleted: the spool path no longer names this file. It is drained through
    /// the open descriptor and closed after `drainGrace` without growth.
    var detached = false
    /// Whether the detachment was logged.
    var loggedDetach = false
    /// Monotonic time of the last growth seen.
    var lastGrowth: Int64
    /// Modification time (seconds) at the last fstat, for the merge's tie-break and DeleteConsumed.
    private(set) var modificationTime: Int64 = 0
    private(set) var size: Int64 = 0
    /// Modification time (ns) at the last look, to re-check the fingerprint only after a change.
    private var lastModification: Int64 = 0

    /// The next complete line, parsed, and its length including the LF.
    private(set) var head: ParseOutcome?
    private var headLength = 0

    init(path: String, fd: Int32, identity: FileIdentity, offset: Int64, maxLineBytes: Int, chunk: Int = 64 * 1024) {
        self.path = path
        self.fd = fd
        self.identity = identity
        self.appliedOffset = offset
        self.readOffset = offset
        self.maxLineBytes = maxLineBytes
        self.chunk = chunk
        self.buffer = Array(repeating: 0, count: maxLineBytes + 2 + chunk)
        self.lastGrowth = SystemClock.monotonicNanoseconds()
        self.fingerprint = TailedFile.readFingerprint(fd)
    }

    deinit { close(fd) }

    /// Opens `path` (following symlinks) for reading; nil with errno set when it cannot be opened.
    static func open(path: String, offset: Int64, maxLineBytes: Int) -> TailedFile? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { close(fd); return nil }
        return TailedFile(path: path, fd: fd, identity: FileIdentity(st), offset: offset, maxLineBytes: maxLineBytes)
    }

    static func readFingerprint(_ fd: Int32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: fingerprintLength)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, fingerprintLength, 0) }
        return n > 0 ? Array(bytes[0..<n]) : []
    }

    /// What `refresh` found.
    enum Change { case none, grew, truncated }

    /// Looks at the file's size: a size below what was read means copytruncate (start over from
    /// the beginning); otherwise notes growth. Also refreshes the fingerprint while it is short.
    func refresh() -> Change {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .none }
        size = Int64(st.st_size)
        modificationTime = Int64(st.st_mtim.tv_sec)
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        // Truncated and rewritten between two looks (the size alone may not show it): when the
        // file changed, its first bytes must still be the ones read before.
        var rewritten = false
        if mtime != lastModification, !fingerprint.isEmpty {
            let now = TailedFile.readFingerprint(fd)
            rewritten = !now.starts(with: fingerprint.prefix(min(fingerprint.count, now.count))) || now.count < min(fingerprint.count, Int(size))
        }
        lastModification = mtime
        if size < readOffset || rewritten {
            appliedOffset = 0
            readOffset = 0
            start = 0
            end = 0
            skipping = false
            head = nil
            fingerprint = TailedFile.readFingerprint(fd)
            lastGrowth = SystemClock.monotonicNanoseconds()
            return .truncated
        }
        if fingerprint.count < TailedFile.fingerprintLength && size > Int64(fingerprint.count) {
            fingerprint = TailedFile.readFingerprint(fd)
        }
        if size > readOffset {
            lastGrowth = SystemClock.monotonicNanoseconds()
            return .grew
        }
        return .none
    }

    /// Bytes on disk not yet read into the buffer.
    var hasUnreadBytes: Bool { size > readOffset }

    /// Parses the next complete line into `head` if there is none; false when no complete line is
    /// available (the buffer holds at most a partial line and the disk has nothing more now).
    func loadHead(_ parser: inout EventParser) -> Bool {
        if head != nil { return true }
        while true {
            if let lf = findLF() {
                let length = lf - start
                if skipping {
                    skipping = false
                    head = .rejected(.lineTooLong)
                } else {
                    head = buffer.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[start..<lf])) }
                }
                headLength = length + 1
                start = lf + 1
                return true
            }
            if !skipping && end - start > maxLineBytes + 1 {
                // Too long to be accepted whatever follows: drop it as it streams by.
                skipping = true
            }
            if skipping {
                appliedOffset += Int64(end - start)
                start = end
            }
            guard fill() else { return false }
        }
    }

    /// Marks the head line applied (or rejected) and moves past it.
    func consumeHead() {
        appliedOffset += Int64(headLength)
        head = nil
        headLength = 0
    }

    /// Bytes of an incomplete last line held back.
    var pendingPartialBytes: Int { end - start }

    private func findLF() -> Int? {
        guard end > start else { return nil }
        return buffer.withUnsafeBufferPointer { b -> Int? in
            guard let p = memchr(b.baseAddress! + start, 0x0A, end - start) else { return nil }
            return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Reads more bytes at `readOffset`; false when nothing more could be read.
    private func fill() -> Bool {
        if start > 0 {
            let n = end - start
            if n > 0 { buffer.withUnsafeMutableBufferPointer { b in _ = memmove(b.baseAddress!, b.baseAddress! + start, n) } }
            start = 0
            end = n
        }
        let room = buffer.count - end
        guard room > 0 else { return false }
        let n = buffer.withUnsafeMutableBufferPointer { b -> Int in
            while true {
                let r = pread(fd, b.baseAddress! + end, room, off_t(readOffset))
                if r < 0 && errno == EINTR { continue }
                return r
            }
        }
        guard n > 0 else { return false }
        end += n
        readOffset += Int64(n)
        if readOffset > size { size = readOffset }
        lastGrowth = SystemClock.monotonicNanoseconds()
        return true
    }

    /// Whether every byte on disk has been applied (no partial line, nothing unread).
    var fullyApplied: Bool { head == nil && end == start && appliedOffset == size && !hasUnreadBytes }
}
