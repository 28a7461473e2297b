/// Byte classes and comparisons of the HTTP grammar (RFC 9110 §5.6), over bytes so that nothing here
/// depends on Foundation or on Unicode rules. Concrete, not generic: these run on every header byte.
enum ASCII {
    static var tab: UInt8 { 0x09 }
    static var lf: UInt8 { 0x0A }
    static var cr: UInt8 { 0x0D }
    static var space: UInt8 { 0x20 }
    static var percent: UInt8 { 0x25 }
    static var ampersand: UInt8 { 0x26 }
    static var asterisk: UInt8 { 0x2A }
    static var plus: UInt8 { 0x2B }
    static var comma: UInt8 { 0x2C }
    static var period: UInt8 { 0x2E }
    static var slash: UInt8 { 0x2F }
    static var colon: UInt8 { 0x3A }
    static var equals: UInt8 { 0x3D }
    static var question: UInt8 { 0x3F }

    /// `tchar`: the bytes of a token such as a method or a field name.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true  // DIGIT, ALPHA
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E:
            return true  // ! # $ % & ' * + - . ^ _ ` | ~
        default: return false
        }
    }

    /// Whether the bytes are a token: not empty, every byte a `tchar`.
    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        for b in bytes where !isTokenByte(b) { return false }
        return true
    }

    /// Whether the string is a token.
    static func isToken(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        for b in text.utf8 where !isTokenByte(b) { return false }
        return true
    }

    /// `field-vchar` or whitespace: what a field value may hold (`obs-text` included, controls
    /// other than HTAB and DEL excluded).
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == tab || (b >= 0x20 && b != 0x7F)
    }

    /// `DIGIT`.
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `OWS`: optional whitespace around field values and list elements.
    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab }

    static func lowercased(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// ASCII case-insensitive equality, as field names and tokens compare.
    static func equalsIgnoringCase(_ a: Substring, _ b: String) -> Bool {
        var i = a.utf8.makeIterator()
        var j = b.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return true
            case (let x?, let y?) where lowercased(x) == lowercased(y): continue
            default: return false
            }
        }
    }

    /// ASCII case-insensitive equality of two strings.
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && equalsIgnoringCase(a[...], b)
    }

    /// Whether `bytes` begins with `prefix`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        var i = 0
        for b in prefix.utf8 {
            guard i < bytes.count, lowercased(bytes[i]) == lowercased(b) else { return false }
            i += 1
        }
        return true
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
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
