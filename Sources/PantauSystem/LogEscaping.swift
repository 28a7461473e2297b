/// How the logger writes values it did not choose (ticket ids, file names, configuration text):
/// one log record is one line, whatever a value holds. A ticket id containing `"\n<0>emerg: …"`
/// must not become a second record that the journal reads as an emergency.
///
/// Printable UTF-8 is kept as it is (names in any script stay readable). Escaped: `\` as `\\`,
/// `"` as `\"`, LF, CR and TAB as `\n`, `\r`, `\t`, every other C0 or C1 control character, DEL
/// and every byte that is not part of valid UTF-8 as `\xNN`. The escaping is reversible, so two
/// different values never print alike.
package enum LogEscaping {
    /// `bytes` escaped, as a `String` (always valid UTF-8, never containing a control character).
    package static func escaped(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `bytes` can be written as they are (no byte needs escaping).
    package static func isPlain(_ bytes: some Collection<UInt8>) -> Bool {
        var out: [UInt8] = []
        append(bytes, to: &out)
        return out.elementsEqual(bytes)
    }

    /// Appends `bytes`, escaped, to `out`.
    package static func append(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        let b = Array(bytes)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c >= 0x20 && c < 0x7F {
                if c == UInt8(ascii: "\\") || c == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\\")) }
                out.append(c)
                i += 1
                continue
            }
            switch c {
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]; i += 1; continue
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]; i += 1; continue
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]; i += 1; continue
            default: break
            }
            let length = validSequenceLength(b, at: i)
            // C1 controls (U+0080–U+009F) are as dangerous on a terminal as C0 ones.
            if length > 1 && !(c == 0xC2 && b[i + 1] < 0xA0) {
                out.append(contentsOf: b[i..<(i + length)])
                i += length
            } else {
                appendHex(c, to: &out)
                i += 1
            }
        }
    }

    private static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
    }

    /// The length of the valid UTF-8 sequence of two or more bytes starting at `i`, or 1 when the
    /// byte there does not start one (ASCII is handled by the caller).
    private static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        let count: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED: count = 3; secondRange = 0x80...0x9F
        case 0xF0: count = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; secondRange = 0x80...0x8F
        default: return 1
        }
        guard i + count <= b.count, secondRange.contains(b[i + 1]) else { return 1 }
        for k in 2..<count where !(0x80...0xBF).contains(b[i + k]) { return 1 }
        return count
    }
}
