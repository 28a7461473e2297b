/// Splits a systemd-style INI text into logical lines.
///
/// Like systemd's `config_parse()`: lines starting with `#` or `;` after optional whitespace are
/// comments, also in the middle of a continuation; a line ending in an odd number of backslashes
/// continues on the next line, the last backslash becoming a space; a blank line ends a continuation.
/// A CR before the LF is dropped. Whitespace is space and tab.
enum IniLexer {
    /// The logical lines of `text`, in order.
    static func lines(of text: String) -> [IniLine] {
        var result: [IniLine] = []
        var pending: (line: Int, text: String)? = nil
        var number = 0
        // Split on scalars: as Characters, "\r\n" is one grapheme and would not match "\n".
        for rawScalars in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var scalars = rawScalars
            if scalars.last == "\r" { scalars = scalars.dropLast() }
            let physical = String(String.UnicodeScalarView(scalars))
            let leading = physical.drop(while: isSpace)
            if leading.first == "#" || leading.first == ";" { continue }
            if pending == nil, leading.isEmpty { continue }

            let start = pending?.line ?? number
            let joined = (pending?.text ?? "") + physical
            if endsWithContinuation(joined) {
                pending = (start, String(joined.dropLast()) + " ")
                continue
            }
            pending = nil
            if let content = classify(joined) { result.append(IniLine(line: start, content: content)) }
        }
        if let pending, let content = classify(pending.text) {
            result.append(IniLine(line: pending.line, content: content))
        }
        return result
    }

    /// Whether the line ends in an unescaped backslash.
    private static func endsWithContinuation(_ text: String) -> Bool {
        var count = 0
        for character in text.reversed() {
            guard character == "\\" else { break }
            count += 1
        }
        return count % 2 == 1
    }

    /// What a logical line holds; nil for one that is only whitespace (a continued blank).
    private static func classify(_ text: String) -> IniLine.Content? {
        let line = trim(text[...])
        if line.isEmpty { return nil }
        if line.first == "[" {
            guard line.count >= 2, line.last == "]" else { return .malformedSection(String(line)) }
            return .section(String(trim(line.dropFirst().dropLast())))
        }
        guard let equals = line.firstIndex(of: "=") else { return .noEquals(String(line)) }
        return .assignment(key: String(trim(line[..<equals])),
                           value: String(trim(line[line.index(after: equals)...])))
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trim(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }

    /// Space or tab.
    static func isSpace(_ character: Character) -> Bool { character == " " || character == "\t" }
}
