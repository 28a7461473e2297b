/// The fast path of `EventParser` for lines in the usual compact form: one object of the known
/// keys with string values, no whitespace, no escapes, e.g.
/// `{"id":"e1","ts":"2026-03-02T00:00:00Z","ticket":"t1","type":"created","channel":"chat"}`.
/// Each key, with its quotes, the colon and the value's opening quote, is recognised with one or
/// two word compares; each value is skipped eight bytes at a time.
///
/// It accepts a line only when the general scan (`JSONScanner`) would record exactly the same
/// fields, and gives up (nil) on anything else: another key, a non-string value, an escape or a
/// control byte, whitespace, a line too short for its word loads. The caller then runs the
/// general scan from the start. Every byte of an accepted line has been looked at, so
/// `sawNonASCII == false` proves the line is ASCII (valid UTF-8 without further checks).
enum CompactLineScanner {
    // A key with its quotes, the colon and the value's opening quote (`"ticket":"`), as
    // little-endian words: the first eight bytes (`head`; six for `id` and `ts`, compared under
    // `sixBytes`) and, for longer keys, the bytes from the fifth on (`tail`, from a load at
    // offset 4, compared under a mask of their count).
    private static let idHead: UInt64 = 0x22_3A22_6469_22  // "id":"
    private static let tsHead: UInt64 = 0x22_3A22_7374_22  // "ts":"
    private static let sixBytes: UInt64 = 0xFFFF_FFFF_FFFF
    private static let typeHead: UInt64 = 0x223A_2265_7079_7422  // "type":"
    private static let ticketHead: UInt64 = 0x2274_656B_6369_7422, ticketTail: UInt64 = 0x223A_2274_656B
    private static let channelHead: UInt64 = 0x6C65_6E6E_6168_6322, channelTail: UInt64 = 0x22_3A22_6C65_6E6E
    private static let priorityHead: UInt64 = 0x7469_726F_6972_7022, priorityTail: UInt64 = 0x223A_2279_7469_726F
    private static let agentHead: UInt64 = 0x3A22_746E_6567_6122, agentTail: UInt64 = 0x22_3A22_746E

    /// The fields of `p`, and whether any byte of it is not ASCII; nil when `p` is not in the
    /// compact form.
    @inline(__always)
    static func scan(_ p: UnsafeBufferPointer<UInt8>) -> (fields: FieldSpans, sawNonASCII: Bool)? {
        let n = p.count
        guard n >= 8, let base = p.baseAddress, base[0] == 0x7B, base[n - 1] == 0x7D else { return nil }
        let raw = UnsafeRawPointer(base)
        var fields = FieldSpans()
        var high: UInt64 = 0  // the bytes of every word scanned, OR-ed: any high bit = non-ASCII
        var i = 1  // at a key's opening quote
        while true {
            guard i + 8 <= n else { return nil }
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Bytes i+4 ..< i+12 (zero near the end of the line: then no longer key matches).
            let w2 = i + 12 <= n ? raw.loadUnaligned(fromByteOffset: i + 4, as: UInt64.self) : 0
            let slot: Int
            let valueStart: Int
            if w & sixBytes == idHead {
                slot = 1; valueStart = i + 6
            } else if w & sixBytes == tsHead {
                slot = 2; valueStart = i + 6
            } else if w == ticketHead && w2 & sixBytes == ticketTail {
                slot = 3; valueStart = i + 10
            } else if w == typeHead {
                slot = 4; valueStart = i + 8
            } else if w == channelHead && w2 & 0xFF_FFFF_FFFF_FFFF == channelTail {
                slot = 5; valueStart = i + 11
            } else if w == priorityHead && w2 == priorityTail {
                slot = 6; valueStart = i + 12
            } else if w == agentHead && w2 & 0xFF_FFFF_FFFF == agentTail {
                slot = 7; valueStart = i + 9
            } else {
                return nil
            }
            // The value: the first quote, backslash or control byte must be its closing quote.
            var j = valueStart
            if slot == 2, valueStart + 25 <= n, let end = timestampEnd(raw, valueStart, &high) {
                j = end
            } else {
                while true {
                    let v: UInt64
                    if j + 8 <= n {
                        v = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                    } else if j < n {
                        // The line's last eight bytes, shifted: bytes past the end read as zero (control).
                        v = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - j)))
                    } else {
                        return nil
                    }
                    high |= v  // only bytes of the line: the shifted-in ones are zero
                    let mask = JSONScanner.specialBytes(v)
                    if mask == 0 {
                        j += 8
                        continue
                    }
                    j += mask.trailingZeroBitCount >> 3
                    break
                }
            }
            guard j < n, base[j] == 0x22 else { return nil }
            fields.setString(slot, start: valueStart, end: j, escaped: false)
            // After the closing quote: `}` ending the line, or `,` and the next key.
            let next = j + 1
            if next == n - 1 { return (fields, high & 0x8080_8080_8080_8080 != 0) }
            guard base[next] == 0x2C else { return nil }
            i = next + 1
        }
    }

    /// A timestamp value is mostly 24 bytes (`2026-03-02T00:00:00.190Z`): when the 24 bytes from
    /// `start` hold no special byte and a quote follows, that quote's offset (and the bytes go
    /// into `high`); nil otherwise. Three words without the loop. `start + 25` must be in the line.
    @inline(__always)
    private static func timestampEnd(_ raw: UnsafeRawPointer, _ start: Int, _ high: inout UInt64) -> Int? {
        let a = raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)
        let b = raw.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self)
        let c = raw.loadUnaligned(fromByteOffset: start + 16, as: UInt64.self)
        guard JSONScanner.specialBytes(a) | JSONScanner.specialBytes(b) | JSONScanner.specialBytes(c) == 0,
              raw.load(fromByteOffset: start + 24, as: UInt8.self) == 0x22 else { return nil }
        high |= a | b | c
        return start + 24
    }
}
