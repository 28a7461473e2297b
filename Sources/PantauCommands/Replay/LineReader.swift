import PantauCore
import Glibc
import PantauServe
import PantauSystem

/// Reads complete lines from a file descriptor in large chunks, splitting with `memchr`.
/// A line longer than `maxLineBytes` is never buffered whole: its bytes are skipped up to the
/// next LF and it is reported as too long. A last line without LF is held back (not returned).
final class LineReader {
    enum Line {
        case bytes(UnsafeBufferPointer<UInt8>)
        case tooLong
    }

    private let fd: Int32
    private let maxLineBytes: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var start = 0
    private var end = 0
    private var skipping = false
    private var eof = false
    /// Bytes of an incomplete last line held back at end of file.
    var pendingBytes: Int { end - start }

    init(fd: Int32, maxLineBytes: Int, chunk: Int = 1 << 20) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
        self.capacity = max(chunk, maxLineBytes + 2) * 2
        self.buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with the next complete line (without its LF); false at end of data.
    func next(_ body: (Line) -> Void) throws -> Bool {
        while true {
            let step = LineSplitter.step(UnsafeBufferPointer(start: buffer + start, count: end - start),
                                         skipping: skipping, maxLineBytes: maxLineBytes)
            switch step {
            case .line(let lf):
                let lineStart = start
                start += lf + 1
                body(.bytes(UnsafeBufferPointer(start: buffer + lineStart, count: lf)))
                return true
            case .endOfLongLine(let lf):
                start += lf + 1
                skipping = false
                body(.tooLong)
                return true
            case .startSkipping, .skip:
                // A line too long to ever be accepted is dropped as it streams by.
                skipping = true
                start = end
            case .needMore:
                break
            }
            if eof { return false }
            try fill()
        }
    }

    private func fill() throws {
        if start > 0 {
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            start = 0
            end = n
        }
        let room = capacity - end
        let n = try SystemCall.retrying("read") { read(fd, buffer + end, room) }
        if n == 0 { eof = true } else { end += n }
    }
}
