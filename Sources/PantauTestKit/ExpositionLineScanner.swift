import PantauSystem

/// Reads one exposition line (no line feed) token by token for `ExpositionChecker`: names, quoted
/// label values, escaped `# HELP` text. A call that fails returns nil and leaves its reason in
/// `failure`.
package struct ExpositionLineScanner {
    package let bytes: [UInt8]
    package var position = 0
    /// Why the last failed call failed (`invalid escape \t`, `invalid UTF-8`, …).
    package private(set) var failure: String?

    package init(_ line: ArraySlice<UInt8>) { bytes = Array(line) }

    package var atEnd: Bool { position == bytes.count }
    package var next: UInt8? { atEnd ? nil : bytes[position] }

    /// Skips `byte` if it is next.
    package mutating func skip(_ byte: UInt8) -> Bool {
        guard next == byte else { return false }
        position += 1
        return true
    }

    /// Skips `literal` if the line continues with it.
    package mutating func skip(_ literal: String) -> Bool {
        let l = Array(literal.utf8)
        guard bytes.count - position >= l.count, Array(bytes[position..<position + l.count]) == l else { return false }
        position += l.count
        return true
    }

    /// Skips spaces (and tabs when `tabs`), returning how many.
    @discardableResult
    package mutating func blanks(tabs: Bool = true) -> Int {
        let start = position
        while let b = next, b == 0x20 || (tabs && b == 0x09) { position += 1 }
        return position - start
    }

    /// A metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    package mutating func metricName() -> String? { identifier(colon: true) }

    /// A label name, `[a-zA-Z_][a-zA-Z0-9_]*`.
    package mutating func labelName() -> String? { identifier(colon: false) }

    /// The bytes up to the next space, tab or the end (possibly none), as text.
    package mutating func token() -> String {
        let start = position
        while let b = next, b != 0x20, b != 0x09 { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// The rest of the line.
    package mutating func rest() -> String {
        defer { position = bytes.count }
        return String(decoding: bytes[position...], as: UTF8.self)
    }

    /// A label value after its opening quote, through the closing quote; `\\`, `\"` and `\n` are
    /// the only escapes.
    package mutating func quotedValue() -> String? {
        unescape(allowed: [0x5C, 0x22, 0x6E], until: 0x22)
    }

    /// The rest of the line as escaped text with these escape letters (`# HELP`).
    package mutating func escapedText(allowed: Set<UInt8>) -> String? {
        unescape(allowed: allowed, until: nil)
    }

    private mutating func identifier(colon: Bool) -> String? {
        func isStart(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F || (colon && b == 0x3A) }
        guard let first = next, isStart(first) else {
            failure = "expected a \(colon ? "metric" : "label") name"
            return nil
        }
        let start = position
        while let b = next, isStart(b) || (0x30...0x39).contains(b) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func unescape(allowed: Set<UInt8>, until terminator: UInt8?) -> String? {
        var raw: [UInt8] = []
        while true {
            guard let b = next else {
                if terminator == nil { break }
                failure = "unterminated label value"
                return nil
            }
            position += 1
            if b == terminator { break }
            guard b == 0x5C else {
                raw.append(b)
                continue
            }
            guard let e = next else {
                failure = "invalid escape: a backslash ends the line"
                return nil
            }
            guard allowed.contains(e) else {
                failure = "invalid escape " + (e >= 0x21 && e < 0x7F ? "\\" + String(UnicodeScalar(e)) : "\\ followed by byte \(e)")
                return nil
            }
            position += 1
            raw.append(e == 0x6E ? 0x0A : e)
        }
        guard let text = String(validating: raw, as: UTF8.self) else {
            failure = "invalid UTF-8"
            return nil
        }
        return text
    }
}
