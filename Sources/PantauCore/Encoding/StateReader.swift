/// Reads the layout `StateWriter` writes. Every read checks the bytes left first and throws a
/// `StateDecodingError` naming the field; nothing traps or allocates more than the input could
/// hold, whatever the bytes (checkpoints may be truncated by a crash or garbled on disk).
public struct StateReader {
    private let bytes: [UInt8]
    /// Where reading stops (exclusive).
    private let end: Int
    /// The next byte to read.
    public private(set) var offset: Int

    /// A reader over `bytes[range]` (the whole array by default).
    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let r = range.map { $0.clamped(to: 0..<bytes.count) } ?? 0..<bytes.count
        self.offset = r.lowerBound
        self.end = r.upperBound
    }

    /// Bytes not read yet.
    public var remaining: Int { end - offset }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == end }

    /// Throws unless every byte has been read (trailing garbage is an error too).
    public func expectEnd(_ what: StaticString) throws {
        guard offset == end else {
            throw StateDecodingError.invalid("\(what)", "\(remaining) unexpected bytes after the end", at: offset)
        }
    }

    @inline(__always)
    private func need(_ count: Int, _ field: StaticString) throws {
        guard count <= end - offset else {
            throw StateDecodingError.truncated("\(field)", needed: count, at: offset, available: end - offset)
        }
    }

    /// An integer at its full width, little-endian.
    @inline(__always)
    public mutating func read<T: FixedWidthInteger>(_ field: StaticString, as _: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        try need(size, field)
        let at = offset
        offset += size
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) })
    }

    /// An integer that must lie in `range`.
    @inline(__always)
    public mutating func read<T: FixedWidthInteger>(_ field: StaticString, as _: T.Type = T.self, in range: ClosedRange<T>) throws -> T {
        let at = offset
        let v: T = try read(field)
        guard range.contains(v) else {
            throw StateDecodingError.invalid("\(field)", "\(v) is outside \(range.lowerBound)...\(range.upperBound)", at: at)
        }
        return v
    }

    /// A byte that must be 0 or 1.
    @inline(__always)
    public mutating func readBool(_ field: StaticString) throws -> Bool {
        try read(field, as: UInt8.self, in: 0...1) == 1
    }

    /// A `Double` from its bit pattern.
    public mutating func readDouble(_ field: StaticString) throws -> Double {
        Double(bitPattern: try read(field, as: UInt64.self))
    }

    /// A `UInt32` count of elements of `elementSize` bytes each, checked against the bytes left
    /// (so a garbled count cannot ask for a huge allocation) and against `limit`.
    public mutating func readCount(_ field: StaticString, elementSize: Int, limit: Int = Int(UInt32.max)) throws -> Int {
        let at = offset
        let n = Int(try read(field, as: UInt32.self))
        guard n <= limit else { throw StateDecodingError.invalid("\(field)", "count \(n) exceeds \(limit)", at: at) }
        let (total, overflow) = n.multipliedReportingOverflow(by: max(1, elementSize))
        guard !overflow, total <= end - offset else {
            throw StateDecodingError.truncated("\(field)", needed: total, at: offset, available: end - offset)
        }
        return n
    }

    /// A string written by `StateWriter.write(_: String)`; invalid UTF-8 is an error.
    public mutating func readString(_ field: StaticString, maxBytes: Int = Int(UInt32.max)) throws -> String {
        let n = try readCount(field, elementSize: 1, limit: maxBytes)
        let at = offset
        offset += n
        let s = bytes.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[at..<at + n]), as: UTF8.self) }
        guard let s else { throw StateDecodingError.invalid("\(field)", "not UTF-8", at: at) }
        return s
    }

    /// `count` raw bytes.
    public mutating func read(rawCount count: Int, _ field: StaticString) throws -> [UInt8] {
        guard count >= 0 else { throw StateDecodingError.invalid("\(field)", "negative length \(count)", at: offset) }
        try need(count, field)
        let at = offset
        offset += count
        return Array(bytes[at..<at + count])
    }

    /// Bytes written by `StateWriter.write(blob:)`.
    public mutating func readBlob(_ field: StaticString) throws -> [UInt8] {
        let at = offset
        let n = try read(field, as: UInt64.self)
        guard n <= UInt64(end - offset) else {
            throw StateDecodingError.truncated("\(field)", needed: Int(clamping: n), at: at, available: end - offset)
        }
        return try read(rawCount: Int(n), field)
    }

    /// An array written by `StateWriter.write(array:)`.
    public mutating func readArray<T: FixedWidthInteger>(of _: T.Type, _ field: StaticString, limit: Int = Int(UInt32.max)) throws -> [T] {
        let n = try readCount(field, elementSize: MemoryLayout<T>.size, limit: limit)
        let at = offset
        offset += n * MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: n) { out, initialized in
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<at + n * MemoryLayout<T>.size]))
                #else
                for i in 0..<n { out[i] = T(littleEndian: raw.loadUnaligned(fromByteOffset: at + i * MemoryLayout<T>.size, as: T.self)) }
                #endif
            }
            initialized = n
        }
    }
}
