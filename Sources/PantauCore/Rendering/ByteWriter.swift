/// Appending text to a caller-owned byte buffer: the renderers' shared primitives (the JSON
/// string escaping is also the simulator's).
public enum ByteWriter {
    @inline(__always) static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always) static func append(_ s: String, to out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }

    static func append(_ v: Int, to out: inout [UInt8]) {
        if v == 0 { out.append(48); return }
        var x = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while x > 0 { buf[n] = UInt8(48 + x % 10); x /= 10; n += 1 }
        }
        if v < 0 { out.append(45) }
        withUnsafeBytes(of: &digits) { buf in
            var k = n - 1
            while k >= 0 { out.append(buf[k]); k -= 1 }
        }
    }

    static func append(_ v: UInt64, to out: inout [UInt8]) {
        if v <= UInt64(Int.max) { append(Int(v), to: &out) } else { append(String(v), to: &out) }
    }

    /// A float in the shortest form that reads back exactly; integral values without a fraction.
    static func append(_ v: Double, to out: inout [UInt8]) {
        if v.isNaN { append("NaN", to: &out); return }
        if v.isInfinite { append(v > 0 ? "+Inf" : "-Inf", to: &out); return }
        if v == v.rounded(), abs(v) < 1e15 { append(Int(v), to: &out); return }
        append(v.description, to: &out)
    }

    /// A JSON string literal with the escapes RFC 8259 requires (DEL escaped too).
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20, 0x7F:
                append("\\u00", to: &out)
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
