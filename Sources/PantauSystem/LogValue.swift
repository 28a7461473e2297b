/// A value the logger can write in a `KEY=value` field: text, or bytes that need not be UTF-8
/// (file names). The logger escapes it (`LogEscaping`), so a value never breaks the line.
package protocol LogValue {
    /// The value's bytes before escaping.
    var logBytes: [UInt8] { get }
}

extension String: LogValue {
    package var logBytes: [UInt8] { Array(utf8) }
}

extension Substring: LogValue {
    package var logBytes: [UInt8] { Array(utf8) }
}
