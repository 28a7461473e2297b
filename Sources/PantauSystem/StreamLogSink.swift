/// Records as `<N>LEVEL: message KEY=value …` lines on a descriptor (stderr by default), one
/// write(2) each. The journal, when it reads the stream, takes the `<N>` prefix as the priority.
///
/// Every message and value is escaped (`LogEscaping`): a value that holds a newline, a `<0>` or a
/// byte that is not UTF-8 cannot forge a second record. A value is quoted when it is empty or
/// holds a space.
package struct StreamLogSink: LogSink {
    private let fd: Int32

    package init(fd: Int32 = 2) { self.fd = fd }

    package func write(_ record: LogRecord) {
        let bytes = Self.render(record.level, record.message, record.fields)
        try? Descriptor.writeAll(fd, bytes)  // a log that cannot be written has no one to tell
    }

    /// The record as it is written, with its line end.
    package static func render(_ level: Logger.Level, _ message: String, _ fields: [String: any LogValue]) -> [UInt8] {
        var line = Array("<\(level.rawValue)>\(level.name): ".utf8)
        LogEscaping.append(message.utf8, to: &line)
        for key in fields.keys.sorted() {
            let value = fields[key]!.logBytes
            line.append(UInt8(ascii: " "))
            LogEscaping.append(key.utf8, to: &line)
            line.append(UInt8(ascii: "="))
            let quoted = value.isEmpty || value.contains(UInt8(ascii: " "))
            if quoted { line.append(UInt8(ascii: "\"")) }
            LogEscaping.append(value, to: &line)
            if quoted { line.append(UInt8(ascii: "\"")) }
        }
        line.append(0x0A)
        return line
    }
}
