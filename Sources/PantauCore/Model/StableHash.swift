/// A 64-bit hash that is the same in every process (Swift's `Hasher` is seeded per run, and
/// these hashes are stored in checkpoints). FNV-1a over the UTF-8 bytes, then a murmur3 finaliser.
public enum StableHash {
    /// The hash of a string's UTF-8 bytes.
    public static func hash(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { hash(bytes: $0) }
    }

    /// The hash of a byte sequence.
    @inline(__always)
    public static func hash(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
