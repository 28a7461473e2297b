import Glibc
import PantauServe
import PantauSystem

/// One appended spool file, `DIR/NAME`: complete lines are buffered and appended with `write(2)`
/// (never a partial line, unless `splitWrites` asks for it), and the file is rotated by rename
/// (`NAME` → `NAME.1`, `.1` → `.2`, …, keeping `keepRotated` old files; nil keeps all).
///
/// The file is opened lazily on the first line, so after a rotation the fresh file appears with
/// the next line. An existing file is appended to; one that ends in a partial line (a writer that
/// died mid-line) is rotated away first, so no line is ever glued to a broken one.
struct SpoolAppendStream {
    /// Buffered bytes above which the buffer is written at once.
    static let bufferLimit = 64 * 1024

    let directory: String
    let name: String
    /// Lines per file before a rotation is due; 0: never.
    let rotateEvery: Int
    /// Rotated files kept; nil: all; 0: the rotated file is unlinked (a running reader still drains it).
    let keepRotated: Int?
    /// Test aid: every write is issued as two `write(2)` calls, the first ending inside a line.
    let splitWrites: Bool

    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    /// Tickets with a line in `buffer` (cleared when it is written).
    private(set) var pendingTickets: Set<Int64> = []
    /// Lines in the current file, buffered ones included.
    private(set) var linesInFile = 0
    /// Files opened (each fresh file after a rotation counts).
    private(set) var filesOpened = 0
    private(set) var rotations = 0
    /// The highest `.N` suffix present, once known (for `keepRotated == nil`).
    private var highestRotated: Int?

    init(directory: String, name: String, rotateEvery: Int, keepRotated: Int?, splitWrites: Bool = false) {
        self.directory = directory
        self.name = name
        self.rotateEvery = rotateEvery
        self.keepRotated = keepRotated
        self.splitWrites = splitWrites
        buffer.reserveCapacity(Self.bufferLimit + 4096)
    }

    var path: String { directory + "/" + name }

    /// Whether the current file has its `rotateEvery` lines, so the next line should start a new one.
    var rotationDue: Bool { rotateEvery > 0 && linesInFile >= rotateEvery }

    /// Whether complete lines are waiting in the buffer.
    var hasBufferedLines: Bool { !buffer.isEmpty }

    /// Adds one complete line (LF included) of `ticket`.
    mutating func append(_ line: [UInt8], ticket: Int64) throws {
        if fd < 0 { try openFile() }
        buffer.append(contentsOf: line)
        pendingTickets.insert(ticket)
        linesInFile += 1
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Writes the buffered lines.
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        if splitWrites, let cut = Self.cutInsideLastLine(buffer) {
            try buffer.withUnsafeBytes { try Descriptor.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[..<cut]), what: "write \(path)") }
            usleep(2_000)
            try buffer.withUnsafeBytes { try Descriptor.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[cut...]), what: "write \(path)") }
        } else {
            try Descriptor.writeAll(fd, buffer, what: "write \(path)")
        }
        buffer.removeAll(keepingCapacity: true)
        pendingTickets.removeAll(keepingCapacity: true)
    }

    /// Writes the buffer, closes the file and renames it to `NAME.1` (shifting the older ones).
    mutating func rotate() throws {
        try flush()
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
        try rotateExisting()
        linesInFile = 0
    }

    /// Writes the buffer and closes the file (no rotation).
    mutating func close() throws {
        try flush()
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    private mutating func openFile() throws {
        let p = path
        fd = try SystemCall.retrying("open \(p)") { open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
        filesOpened += 1
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return }
        // A file left by an earlier run: append only after a complete line.
        var last: UInt8 = 0
        let rfd = open(p, O_RDONLY | O_CLOEXEC)
        if rfd >= 0 {
            _ = pread(rfd, &last, 1, off_t(info.st_size - 1))
            Glibc.close(rfd)
        }
        if last != UInt8(ascii: "\n") {
            Glibc.close(fd)
            fd = -1
            try rotateExisting()
            fd = try SystemCall.retrying("open \(p)") { open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
        }
    }

    /// Renames `NAME` away as `NAME.1`, after moving `.i` to `.i+1` (dropping the oldest).
    private mutating func rotateExisting() throws {
        let base = path
        rotations += 1
        guard keepRotated != 0 else {
            try SystemCall.retrying("unlink \(base)") { unlink(base) }
            return
        }
        let highest: Int
        if let keep = keepRotated {
            highest = keep - 1
        } else {
            if highestRotated == nil {
                var n = 0
                while access(base + ".\(n + 1)", F_OK) == 0 { n += 1 }
                highestRotated = n
            }
            highest = highestRotated!
            highestRotated = highest + 1
        }
        var i = highest
        while i >= 1 {
            let from = base + ".\(i)", to = base + ".\(i + 1)"
            if rename(from, to) != 0, errno != ENOENT {
                throw SystemCall.Failure(call: "rename \(from)", code: errno)
            }
            i -= 1
        }
        try SystemCall.retrying("rename \(base)") { rename(base, base + ".1") }
    }

    /// A split point strictly inside the last line of `bytes`, when it has at least 2 bytes before its LF.
    private static func cutInsideLastLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 3 else { return nil }
        var start = bytes.count - 1
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let length = bytes.count - 1 - start
        return length >= 2 ? start + length / 2 : nil
    }
}
