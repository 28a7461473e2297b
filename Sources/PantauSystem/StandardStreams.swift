/// Unbuffered writes to stdout and stderr through `write(2)`, for large outputs and messages.
package enum StandardStreams {
    /// Writes every byte; a closed or broken stream is ignored (nothing else could be told).
    package static func write(_ bytes: [UInt8], to fd: Int32 = 1) {
        try? Descriptor.writeAll(fd, bytes)
    }

    package static func out(_ text: String) { write(Array(text.utf8), to: 1) }
    package static func err(_ text: String) { write(Array(text.utf8), to: 2) }
}
