/// Byte classes and comparisons of the HTTP grammar (RFC 9110 §5.6), over bytes so that nothing here
/// depends on Foundation or on Unicode rules.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let percent: UInt8 = 0x25
    static let ampersand: UInt8 = 0x26
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let question: UInt8 = 0x3F

    /// `tchar`: the bytes of a token such as a method or a field name.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true  // DIGIT, ALPHA
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E:
            return true  // ! # $ % & ' * + - . ^ _ ` | ~
        default: return false
        }
    }

    /// Whether every byte of a non-empty sequence is a `tchar`.
    static func isToken<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenByte)
    }

    /// `field-vchar` or whitespace: what a field value may hold (`obs-text` included, controls
    /// other than HTAB and DEL excluded).
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == tab || (b >= 0x20 && b != 0x7F)
    }

    /// `OWS`: optional whitespace around field values and list elements.
    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab }

    static func lowercased(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b | 0x20 : b }

    /// ASCII case-insensitive equality, as field names and tokens compare.
    static func equalsIgnoringCase<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// The elements of a comma-separated list (`#element`), each without surrounding whitespace;
    /// empty elements are dropped as RFC 9110 §5.6.1 asks of recipients.
    static func listElements(_ value: String) -> [Substring] {
        value.split(separator: ",").compactMap { part in
            var element = part
            while let c = element.first, c == " " || c == "\t" { element = element.dropFirst() }
            while let c = element.last, c == " " || c == "\t" { element = element.dropLast() }
            return element.isEmpty ? nil : element
        }
    }

    /// `bytes` without leading and trailing `OWS`.
    static func trimmed<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> C.SubSequence {
        var slice = bytes[...]
        while let first = slice.first, isWhitespace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isWhitespace(last) { slice = slice.dropLast() }
        return slice
    }
}
