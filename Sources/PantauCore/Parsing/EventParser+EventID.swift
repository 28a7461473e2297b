extension EventParser {
    /// The `id` of a line, as text, when the line is a JSON object whose `id` is a string: for
    /// logging a rejected line, so an operator can find the event. The engine keeps only a hash of
    /// ids, so the line is read again for this (rare, rate-limited) use. Bytes that are not UTF-8
    /// are repaired (U+FFFD); the logger escapes the rest.
    public mutating func eventID(in line: UnsafeBufferPointer<UInt8>) -> String? {
        guard let fields = scanFields(line) else { return nil }
        return withField(line, fields, EventParser.idSlot) { p, start, end in
            String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        }
    }
}
