/// Appends values to a byte buffer in a fixed little-endian layout, for checkpoints: integers at
/// their full width, `Double` as its bit pattern, `Bool` as one byte (0 or 1), strings and arrays
/// behind a `UInt32` count. `StateReader` reads the same layout back.
///
/// Fast enough for a million tickets: the buffer is grown ahead (doubling, zero-filled) and each
/// value is stored straight into it, with no per-byte loop and no generic `append` per field.
public struct StateWriter {
    /// The bytes; those from `count` on are spare room (zeros).
    private var storage: [UInt8]
    /// Bytes written so far (including any the writer started with).
    public private(set) var count: Int

    /// An empty writer with room for `capacity` bytes.
    public init(reservingCapacity capacity: Int = 0) {
        storage = [UInt8](repeating: 0, count: max(0, capacity))
        count = 0
    }

    /// A writer that appends to `bytes` (moved in; take it back with `finish()`).
    public init(appendingTo bytes: [UInt8]) {
        storage = bytes
        count = bytes.count
    }

    /// Makes room for `additional` more bytes.
    public mutating func reserve(_ additional: Int) {
        if storage.count - count < additional { grow(additional) }
    }

    @inline(never)
    private mutating func grow(_ additional: Int) {
        let size = max(storage.count * 2, count + additional, 256)
        storage.append(contentsOf: repeatElement(0, count: size - storage.count))
    }

    /// Hands the bytes over and leaves the writer empty (no copy).
    public mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        swap(&out, &storage)
        out.removeLast(out.count - count)
        count = 0
        return out
    }

    /// An integer at its full width, little-endian.
    @inline(__always)
    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        if storage.count - count < size { grow(size) }
        let at = count
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self) }
        count = at + size
    }

    /// One byte: 1 for true, 0 for false.
    @inline(__always)
    public mutating func write(_ value: Bool) {
        write(UInt8(value ? 1 : 0))
    }

    /// The IEEE 754 bit pattern (NaN payloads and the sign of zero survive).
    @inline(__always)
    public mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    /// A `UInt32` byte count, then the UTF-8 bytes.
    public mutating func write(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            write(UInt32(truncatingIfNeeded: utf8.count))
            write(raw: UnsafeRawBufferPointer(utf8))
        }
    }

    /// Raw bytes with no count in front (the reader must know how many).
    @inline(__always)
    public mutating func write(raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0 else { return }
        if storage.count - count < n { grow(n) }
        let at = count
        storage.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[at..<at + n]).copyMemory(from: raw) }
        count = at + n
    }

    /// Raw bytes with no count in front (the reader must know how many).
    public mutating func write(raw: some Collection<UInt8>) {
        let done: Void? = raw.withContiguousStorageIfAvailable { write(raw: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(raw).withUnsafeBytes { write(raw: $0) } }
    }

    /// A `UInt64` byte count, then the bytes.
    public mutating func write(blob: [UInt8]) {
        write(UInt64(blob.count))
        blob.withUnsafeBytes { write(raw: $0) }
    }

    /// A `UInt32` element count, then every element at its full width.
    public mutating func write<T: FixedWidthInteger>(array values: [T]) {
        write(UInt32(truncatingIfNeeded: values.count))
        #if _endian(little)
        values.withUnsafeBytes { write(raw: $0) }
        #else
        for v in values { write(v) }
        #endif
    }

    /// Overwrites an integer written earlier at `offset` (a count only known afterwards).
    public mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "StateWriter.patch out of bounds")
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }
}
