import PantauSystem

/// A `text/event-stream` reader following the WHATWG HTML "Interpreting an event stream" rules
/// exactly, fed the bytes as they come off the socket in any chunking.
///
/// - UTF-8 decoding replaces invalid sequences with U+FFFD and strips one leading BOM. Lines are
///   split on bytes (CR and LF never occur inside a multi-byte sequence), so decoding line by line
///   gives what decoding the whole stream would.
/// - A line ends with CRLF, LF or CR; a CR at the end of one chunk and an LF at the start of the
///   next are one line end.
/// - An event is dispatched only by a blank line: a block the stream ends in is discarded.
package struct SSEStreamParser {
    /// The reconnection time from the last valid `retry` field, in milliseconds.
    package private(set) var retry: Int?
    /// The last event ID string: set from the ID buffer at every blank line.
    package private(set) var lastEventID = ""
    /// The text of every comment line, after the colon and one space (`: keepalive` → `keepalive`).
    package private(set) var comments: [String] = []

    private var line: [UInt8] = []
    private var afterCR = false
    /// How many bytes of the BOM matched so far; nil once the stream start has been decided.
    private var bomMatched: Int? = 0
    private var dataBuffer = ""
    private var typeBuffer = ""
    private var lastEventIDBuffer = ""

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    package init() {}

    /// Consumes the next chunk and returns the events its blank lines dispatched, in order.
    package mutating func feed(_ bytes: [UInt8]) -> [SSEMessage] {
        var out: [SSEMessage] = []
        for byte in bytes {
            if let matched = bomMatched {
                if byte == Self.bom[matched] {
                    bomMatched = matched + 1 == Self.bom.count ? nil : matched + 1
                    continue
                }
                // Not a BOM after all: the bytes held back are text.
                bomMatched = nil
                for held in Self.bom[..<matched] { scan(held, into: &out) }
            }
            scan(byte, into: &out)
        }
        return out
    }

    /// Feeds a string's UTF-8 bytes.
    package mutating func feed(_ text: String) -> [SSEMessage] { feed(Array(text.utf8)) }

    private mutating func scan(_ byte: UInt8, into out: inout [SSEMessage]) {
        switch byte {
        case 0x0D:
            afterCR = true
            endLine(into: &out)
        case 0x0A:
            if afterCR { afterCR = false } else { endLine(into: &out) }
        default:
            afterCR = false
            line.append(byte)
        }
    }

    private mutating func endLine(into out: inout [SSEMessage]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if let message = dispatch() { out.append(message) }
            return
        }
        guard let colon = line.firstIndex(of: 0x3A) else {
            process(field: String(decoding: line, as: UTF8.self), value: "")
            return
        }
        var valueStart = colon + 1
        if valueStart < line.count, line[valueStart] == 0x20 { valueStart += 1 }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        if colon == 0 {
            comments.append(value)
        } else {
            process(field: String(decoding: line[..<colon], as: UTF8.self), value: value)
        }
    }

    private mutating func process(field: String, value: String) {
        switch field {
        case "event":
            typeBuffer = value
        case "data":
            dataBuffer += value
            dataBuffer += "\n"
        case "id":
            if !value.unicodeScalars.contains("\u{0}") { lastEventIDBuffer = value }
        case "retry":
            // Only ASCII digits; a number too large for an Int is ignored too.
            if !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let ms = Int(value) { retry = ms }
        default:
            break
        }
    }

    private mutating func dispatch() -> SSEMessage? {
        lastEventID = lastEventIDBuffer
        defer {
            dataBuffer = ""
            typeBuffer = ""
        }
        if dataBuffer.isEmpty { return nil }
        var data = dataBuffer
        if data.unicodeScalars.last == "\n" { data.unicodeScalars.removeLast() }
        return SSEMessage(type: typeBuffer.isEmpty ? "message" : typeBuffer, data: data, lastEventID: lastEventID)
    }
}
