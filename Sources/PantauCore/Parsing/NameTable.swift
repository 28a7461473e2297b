#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A short list of names (event types, priorities, the configured channels) looked up by the bytes
/// of a JSON string field. Each name is compared by its length and by its first and last eight
/// bytes taken as two 64-bit words, which settles names of up to 16 bytes; only longer ones also
/// compare their middle with `memcmp`. A lookup allocates nothing and usually calls nothing.
struct NameTable {
    private struct Entry {
        var length: Int
        var head: UInt64
        var tail: UInt64
    }

    private let entries: [Entry]
    private let names: [[UInt8]]

    /// A table of `names`; a lookup answers the index of the first equal one.
    init(_ names: [[UInt8]]) {
        self.names = names
        self.entries = names.map { name in
            name.withUnsafeBufferPointer { b in
                let (head, tail) = NameTable.edgeWords(b, 0, b.count)
                return Entry(length: b.count, head: head, tail: tail)
            }
        }
    }

    /// The index of the first name whose bytes are `p[start..<end]`, or nil.
    @inline(__always)
    func index(in p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let (head, tail) = NameTable.edgeWords(p, start, end)
        let length = end - start
        return entries.withUnsafeBufferPointer { e in
            for k in 0..<e.count where e[k].length == length && e[k].head == head && e[k].tail == tail {
                if length <= 16 || middleEquals(k, p.baseAddress! + start) { return k }
            }
            return nil
        }
    }

    /// Whether bytes 8..<length-8 of name `k` equal those at `bytes` (the edges matched already).
    private func middleEquals(_ k: Int, _ bytes: UnsafePointer<UInt8>) -> Bool {
        names[k].withUnsafeBufferPointer { n in memcmp(n.baseAddress! + 8, bytes + 8, n.count - 16) == 0 }
    }

    /// The first and the last eight bytes of `p[start..<end]` as little-endian words; a range
    /// shorter than eight bytes gives its bytes, zero-extended, as both. Reads only inside `p`.
    @inline(__always)
    static func edgeWords(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (head: UInt64, tail: UInt64) {
        let length = end - start
        guard length > 0, let base = p.baseAddress else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        if length >= 8 {
            return (raw.loadUnaligned(fromByteOffset: start, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))
        }
        var w: UInt64 = 0
        if end >= 8 {
            // A field inside a line has at least eight bytes before its end: one load, then drop
            // the bytes that precede the field.
            w = raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) >> UInt64(8 * (8 - length))
        } else {
            var k = end
            while k > start { k -= 1; w = w << 8 | UInt64(base[k]) }
        }
        return (w, w)
    }
}
