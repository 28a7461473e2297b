/// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
public enum UTF8Validator {
    /// Whether `p` is entirely valid UTF-8. ASCII runs are checked eight bytes at a time.
    public static func isValid(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        guard let base = p.baseAddress else { return true }
        var i = 0
        // Fast path: 32 ASCII bytes per step, then eight.
        while i + 32 <= n {
            let r = UnsafeRawPointer(base + i)
            let any = r.loadUnaligned(as: UInt64.self) | r.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                | r.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | r.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if any & 0x8080_8080_8080_8080 != 0 { break }
            i += 32
        }
        while i < n {
            // Eight ASCII bytes at once.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            if b0 < 0xC2 { return false }
            if b0 < 0xE0 {
                guard i + 1 < n, base[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n else { return false }
                let b1 = base[i + 1], b2 = base[i + 2]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
                if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                if b0 == 0xED && b1 >= 0xA0 { return false }  // surrogate
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < n else { return false }
                let b1 = base[i + 1], b2 = base[i + 2], b3 = base[i + 3]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return false }
                if b0 == 0xF0 && b1 < 0x90 { return false }  // overlong
                if b0 == 0xF4 && b1 >= 0x90 { return false }  // above U+10FFFF
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
