import Glibc

/// Whole-buffer loops over a descriptor: the one write-all and the one positioned read of the shell.
package enum Descriptor {
    /// Writes every byte (a blocking descriptor), in chunks Linux accepts (it writes at most
    /// 0x7ffff000 bytes a call). A `write` that returns 0 is an error (EIO).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, what: @autoclosure () -> String = "write") throws(SystemCall.Failure) {
        var done = 0
        while done < bytes.count {
            let chunk = min(bytes.count - done, 1 << 30)
            let n = try SystemCall.retrying(what()) { Glibc.write(fd, bytes.baseAddress! + done, chunk) }
            guard n > 0 else { throw SystemCall.Failure(call: what(), code: EIO) }
            done += n
        }
    }

    /// `writeAll` of an array.
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: @autoclosure () -> String = "write") throws(SystemCall.Failure) {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(SystemCall.Failure) in try writeAll(fd, raw, what: what()) } }
        try result.get()
    }

    /// Reads from `offset` until `buffer` is full or the file ends; returns the bytes read.
    package static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64,
                                  what: @autoclosure () -> String = "pread") throws(SystemCall.Failure) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try SystemCall.retrying(what()) {
                pread(fd, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + Int64(filled)))
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}
