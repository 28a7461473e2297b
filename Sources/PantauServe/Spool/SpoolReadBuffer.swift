import Glibc
import PantauSystem

/// The bytes of one spool file read ahead of the parser: `bytes[start..<end]` is what has been read
/// and not yet parsed, and `bytes[0..<start]` keeps what the anchor needs (`FileAnchor`) of the
/// bytes before it. `fileOffset` is the file offset of `bytes[0]`.
///
/// The storage exists only while the file is being read: `release()` frees it (a drained file
/// holds no buffer), and it grows from `initialCapacity` up to `maximumCapacity` only when a line
/// needs the room.
struct SpoolReadBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var fileOffset: Int64
    private(set) var start = 0
    private(set) var end = 0
    let initialCapacity: Int
    let maximumCapacity: Int

    init(at offset: Int64, initialCapacity: Int, maximumCapacity: Int) {
        self.fileOffset = offset
        self.initialCapacity = initialCapacity
        self.maximumCapacity = max(initialCapacity, maximumCapacity)
    }

    /// File offset of the next byte to parse.
    var parsePosition: Int64 { fileOffset + Int64(start) }
    /// File offset of the next byte to read from disk.
    var readPosition: Int64 { fileOffset + Int64(end) }
    /// Read and not yet parsed.
    var unparsedCount: Int { end - start }
    /// Whether storage is allocated.
    var isAllocated: Bool { !bytes.isEmpty }

    /// Calls `body` with `bytes[range]`.
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Calls `body` with the bytes at file offsets `range` if they are all in the buffer.
    func withFileBytes<R>(_ range: Range<Int64>, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard isAllocated, range.lowerBound >= fileOffset, range.upperBound <= readPosition else { return nil }
        let lo = Int(range.lowerBound - fileOffset), hi = Int(range.upperBound - fileOffset)
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[lo..<hi])) }
    }

    /// Moves the parse position to `index` (after a line, or past bytes being skipped).
    mutating func advance(to index: Int) {
        precondition(index >= start && index <= end)
        start = index
    }

    /// Forgets every byte and continues at file offset `offset` (a hole skipped, a file started over).
    mutating func jump(to offset: Int64) {
        fileOffset = offset
        start = 0
        end = 0
    }

    /// Frees the storage; reading continues at the parse position (unparsed bytes are read again).
    mutating func release() {
        fileOffset = parsePosition
        bytes = []
        start = 0
        end = 0
    }

    /// Allocates the storage and reads the file's bytes from `from` up to the parse position
    /// into it, as already parsed: the anchor window before a position whose bytes the released
    /// buffer no longer holds. False when they cannot all be read (the file is shorter now).
    mutating func prime(from fd: Int32, at from: Int64) -> Bool {
        precondition(!isAllocated && from <= fileOffset)
        let count = Int(fileOffset - from)
        bytes = [UInt8](repeating: 0, count: max(initialCapacity, count + initialCapacity / 2))
        guard count > 0 else { return true }
        let n = bytes.withUnsafeMutableBytes { b -> Int in
            (try? Descriptor.readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: b[0..<count]), at: from)) ?? -1
        }
        guard n == count else {
            bytes = []
            return false
        }
        fileOffset = from
        start = count
        end = count
        return true
    }

    /// What `fill` did.
    enum Fill: Equatable {
        case read(Int)
        /// Nothing more on disk now.
        case endOfData
        /// The buffer holds `maximumCapacity` unparsed bytes.
        case full
        case failed(Int32)
    }

    /// Reads up to `limit` more bytes from `fd` at `readPosition`, first dropping what lies before
    /// `keepFrom` (a file offset: the start of the anchor window) to make room.
    mutating func fill(from fd: Int32, keepFrom: Int64, limit: Int) -> Fill {
        if bytes.isEmpty { bytes = [UInt8](repeating: 0, count: initialCapacity) }
        let drop = max(0, min(start, Int(keepFrom - fileOffset)))
        if drop > 0 && bytes.count - end < bytes.count / 2 {
            let n = end - drop
            bytes.withUnsafeMutableBufferPointer { b in _ = memmove(b.baseAddress!, b.baseAddress! + drop, n) }
            fileOffset += Int64(drop)
            start -= drop
            end -= drop
        }
        if end == bytes.count {
            guard bytes.count < maximumCapacity else { return .full }
            bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maximumCapacity - bytes.count)))
        }
        let room = min(bytes.count - end, max(1, limit))
        let offset = readPosition
        let read = bytes.withUnsafeMutableBufferPointer { b in
            Result { () throws(SystemCall.Failure) in try SystemCall.retrying("pread") { pread(fd, b.baseAddress! + end, room, off_t(offset)) } }
        }
        let n: Int
        switch read {
        case .success(let count): n = count
        case .failure(let failure): return .failed(failure.code)
        }
        if n == 0 { return .endOfData }
        end += n
        return .read(n)
    }
}
