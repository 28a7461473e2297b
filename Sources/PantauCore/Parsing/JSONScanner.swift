/// A validating, allocation-free JSON scanner over one line's bytes. It walks the grammar of
/// RFC 8259 without building values; the event parser asks it for the spans of the fields it knows.
/// Containers are tracked with an explicit stack, so deep nesting cannot overflow the call stack.
struct JSONScanner {
    let p: UnsafeBufferPointer<UInt8>
    var i: Int = 0
    /// Nesting of open containers while skipping a value: true = object, false = array.
    private var stack: [Bool] = []

    /// No allocation here: the stack grows only when a skipped value nests containers.
    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
    }

    var atEnd: Bool { i >= p.count }

    @inline(__always) mutating func skipWhitespace() {
        while i < p.count {
            let c = p[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 } else { return }
        }
    }

    /// Consumes `byte` after optional whitespace.
    @inline(__always) mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard i < p.count, p[i] == byte else { return false }
        i += 1
        return true
    }

    @inline(__always) func peek() -> UInt8? { i < p.count ? p[i] : nil }

    /// Recognises a known field name written plainly (`"id"`, `"ts"`, `"ticket"`, `"type"`,
    /// `"channel"`, `"priority"`, `"agent"`) with one 8-byte load and compare (the constants are the names' bytes as little-endian words),
    /// and steps past its
    /// closing quote. Returns the field's slot (1…7, as `EventParser.keySlot`), or nil to fall back
    /// to `scanString()` (any other key, escapes, or too close to the end of the line).
    @inline(__always)
    mutating func knownKeyFast() -> Int? {
        let n = p.count
        guard i + 10 <= n, p[i] == 0x22 else { return nil }
        let base = p.baseAddress!
        let w = UnsafeRawPointer(base + i + 1).loadUnaligned(as: UInt64.self)
        let slot: Int
        let length: Int
        if w & 0xFF_FFFF == 0x226469 /* id" */ { slot = 1; length = 3 }
        else if w & 0xFF_FFFF == 0x227374 /* ts" */ { slot = 2; length = 3 }
        else if w & 0xFF_FFFF_FFFF == 0x2265707974 /* type" */ { slot = 4; length = 5 }
        else if w & 0xFF_FFFF_FFFF_FFFF == 0x2274656B636974 /* ticket" */ { slot = 3; length = 7 }
        else if w & 0xFFFF_FFFF_FFFF == 0x22746E656761 /* agent" */ { slot = 7; length = 6 }
        else if w == 0x226C656E6E616863 /* channel" */ { slot = 5; length = 8 }
        else if w == 0x797469726F697270 /* priority */, base[i + 9] == 0x22 { slot = 6; length = 9 }
        else { return nil }
        i += 1 + length
        return slot
    }

    /// Scans a string starting at its opening quote. Returns the content span and whether it holds
    /// escapes, or nil when it is not a valid JSON string.
    ///
    /// Inlined fast path for the usual string without escapes: eight bytes at a time to the first
    /// quote, backslash or control byte (near the end of the line, the last eight bytes of the line
    /// shifted so that the bytes past its end read as zero, i.e. as control bytes). Anything but a
    /// closing quote there goes to `scanStringSlow`, which starts over.
    @inline(__always)
    mutating func scanString() -> (start: Int, end: Int, escaped: Bool)? {
        let n = p.count
        guard i < n, let base = p.baseAddress, base[i] == 0x22 else { return nil }
        let start = i + 1
        let raw = UnsafeRawPointer(base)
        var j = start
        while true {
            let w: UInt64
            if j + 8 <= n {
                w = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            } else if j < n && n >= 8 {
                w = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - j)))
            } else {
                break
            }
            let mask = JSONScanner.specialBytes(w)
            if mask == 0 { j += 8; continue }
            j += mask.trailingZeroBitCount >> 3
            if j < n && base[j] == 0x22 {
                i = j + 1
                return (start, j, false)
            }
            break
        }
        return scanStringSlow(from: start)
    }

    /// The general string scan from the first content byte `start`: escapes, control bytes and
    /// unterminated strings.
    private mutating func scanStringSlow(from start: Int) -> (start: Int, end: Int, escaped: Bool)? {
        i = start
        var escaped = false
        let base = p.baseAddress!
        let n = p.count
        while true {
            // Jump eight bytes at a time to the first quote, backslash or control character.
            while i + 8 <= n {
                let mask = JSONScanner.specialBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                if mask != 0 { i += mask.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < n else { return nil }
            let c = base[i]
            if c == 0x22 { let end = i; i += 1; return (start, end, escaped) }
            if c < 0x20 { return nil }
            if c == 0x5C {
                escaped = true
                guard i + 1 < n else { return nil }
                switch base[i + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 2
                case 0x75:
                    guard i + 6 <= n else { return nil }
                    for k in 2..<6 where JSONScanner.hexValue(base[i + k]) == nil { return nil }
                    i += 6
                default: return nil
                }
                continue
            }
            i += 1
        }
    }

    /// A mask whose lowest set bit is the high bit of the first byte of `w` (little-endian) that is
    /// `"`, `\\` or below 0x20; zero when there is none. (SWAR: bytes equal to zero after XOR; the
    /// borrow can flag bytes after a true match, never before, so the lowest flag is exact.)
    @inline(__always) static func specialBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        let hasControl = (w &- (ones &* 0x20)) & ~w & highs
        return hasQuote | hasBackslash | hasControl
    }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }

    private mutating func scanNumber() -> Bool {
        if i < p.count, p[i] == 0x2D { i += 1 }
        guard i < p.count else { return false }
        if p[i] == 0x30 {
            i += 1
        } else if p[i] >= 0x31 && p[i] <= 0x39 {
            while i < p.count, p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
        } else {
            return false
        }
        if i < p.count, p[i] == 0x2E {
            i += 1
            let s = i
            while i < p.count, p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
            guard i > s else { return false }
        }
        if i < p.count, p[i] == 0x65 || p[i] == 0x45 {
            i += 1
            if i < p.count, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
            let s = i
            while i < p.count, p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
            guard i > s else { return false }
        }
        return true
    }

    private mutating func scanLiteral(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where p[i + k] != w[k] { return false }
        i += n
        return true
    }

    /// The kind of the value at the cursor (after whitespace), without consuming it.
    enum ValueKind { case string, null, other }

    mutating func valueKind() -> ValueKind {
        skipWhitespace()
        switch peek() {
        case 0x22: return .string
        case 0x6E: return .null
        default: return .other
        }
    }

    /// Skips one complete JSON value, validating it. Iterative: nesting depth is bounded only by
    /// the line length.
    mutating func skipValue() -> Bool {
        stack.removeAll(keepingCapacity: true)
        while true {
            // A value.
            skipWhitespace()
            guard let c = peek() else { return false }
            switch c {
            case 0x7B:  // {
                i += 1
                skipWhitespace()
                if peek() == 0x7D { i += 1; break }
                stack.append(true)
                guard scanString() != nil, consume(0x3A) else { return false }
                continue
            case 0x5B:  // [
                i += 1
                skipWhitespace()
                if peek() == 0x5D { i += 1; break }
                stack.append(false)
                continue
            case 0x22:
                guard scanString() != nil else { return false }
            case 0x74: guard scanLiteral("true") else { return false }
            case 0x66: guard scanLiteral("false") else { return false }
            case 0x6E: guard scanLiteral("null") else { return false }
            default: guard scanNumber() else { return false }
            }
            // After a value: close containers or move to the next element.
            while true {
                guard let isObject = stack.last else { return true }
                skipWhitespace()
                guard let d = peek() else { return false }
                if d == 0x2C {  // ,
                    i += 1
                    if isObject {
                        skipWhitespace()
                        guard scanString() != nil, consume(0x3A) else { return false }
                    }
                    break
                }
                guard d == (isObject ? 0x7D : 0x5D) else { return false }
                i += 1
                stack.removeLast()
            }
        }
    }
}
