import PantauSystem

/// Immutable bytes in memory of their own, shared by every connection they are queued on (one
/// rendered `/metrics` body or SSE event for thousands of clients) and handed to `sendmsg`
/// without copying.
public final class ByteChunk: @unchecked Sendable {
    /// The bytes; never written after `init`.
    let storage: UnsafeMutableRawBufferPointer

    public init(_ bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(source))
        }
        if copied == nil {  // not contiguous: element by element
            _ = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count]).initializeMemory(as: UInt8.self, from: bytes)
        }
        storage = buffer
        count = bytes.count
    }

    public convenience init(_ text: String) { self.init(Array(text.utf8)) }

    deinit { storage.deallocate() }

    public let count: Int

    /// A copy of the bytes (tests, logging).
    public var bytes: [UInt8] { Array(UnsafeRawBufferPointer(rebasing: storage[0..<count])) }
}
