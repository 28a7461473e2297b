/// One message of a `text/event-stream` (WHATWG HTML §9.2): the wire form a server writes.
public struct ServerSentEvent: Sendable, Equatable {
    /// `event:`; nil for the default type (`message`).
    public var type: String?
    /// `id:`; nil to leave the client's last event ID alone.
    public var id: String?
    /// `data:`; several lines become several `data:` fields, which the client joins with LF.
    public var data: String
    /// `retry:` in milliseconds.
    public var retry: Int?

    public init(type: String? = nil, id: String? = nil, data: String, retry: Int? = nil) {
        self.type = type
        self.id = id
        self.data = data
        self.retry = retry
    }

    /// Appends the event, ended by a blank line. Line breaks (CR, LF, CRLF) in `data` split it into
    /// `data:` fields; in `type` and `id` they, and NUL in `id`, are dropped, as a client would
    /// otherwise read them as the end of the field or ignore the id.
    public func render(into out: inout [UInt8]) {
        Self.render(id: id, type: type, data: data.utf8, retry: retry, into: &out)
    }

    /// The one SSE framing: an event of `data` bytes (rendered JSON, say) without building a
    /// `String` first.
    public static func render<C: Collection>(id: String?, type: String?, data: C, retry: Int? = nil,
                                             into out: inout [UInt8]) where C.Element == UInt8 {
        if let retry { Self.retryField(retry, into: &out) }
        if let id {
            out.append(contentsOf: "id: ".utf8)
            for b in id.utf8 where b != ASCII.cr && b != ASCII.lf && b != 0 { out.append(b) }
            out.append(ASCII.lf)
        }
        if let type {
            out.append(contentsOf: "event: ".utf8)
            for b in type.utf8 where b != ASCII.cr && b != ASCII.lf { out.append(b) }
            out.append(ASCII.lf)
        }
        renderData(data, into: &out)
        out.append(ASCII.lf)
    }

    /// A message of `retry:` alone (the reconnection delay, milliseconds), ended by a blank line.
    public static func retry(_ milliseconds: Int, into out: inout [UInt8]) {
        retryField(milliseconds, into: &out)
        out.append(ASCII.lf)
    }

    private static func retryField(_ milliseconds: Int, into out: inout [UInt8]) {
        out.append(contentsOf: "retry: ".utf8)
        out.append(contentsOf: String(max(0, milliseconds)).utf8)
        out.append(ASCII.lf)
    }

    /// `data:` fields for raw bytes, split at CR, LF and CRLF. Runs between line breaks are copied
    /// whole (a snapshot is kilobytes on one line).
    public static func renderData<C: Collection>(_ bytes: C, into out: inout [UInt8]) where C.Element == UInt8 {
        out.append(contentsOf: "data: ".utf8)
        var runStart = bytes.startIndex
        var i = bytes.startIndex
        var previousCR = false
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == ASCII.cr || b == ASCII.lf {
                out.append(contentsOf: bytes[runStart..<i])
                if !(b == ASCII.lf && previousCR) { out.append(contentsOf: "\ndata: ".utf8) }
                previousCR = b == ASCII.cr
                i = bytes.index(after: i)
                runStart = i
            } else {
                previousCR = false
                i = bytes.index(after: i)
            }
        }
        out.append(contentsOf: bytes[runStart..<i])
        out.append(ASCII.lf)
    }

    /// A comment line (`: text`) and a blank line; clients ignore it, proxies see traffic.
    public static func comment(_ text: String, into out: inout [UInt8]) {
        out.append(contentsOf: ": ".utf8)
        for b in text.utf8 where b != ASCII.cr && b != ASCII.lf { out.append(b) }
        out.append(contentsOf: "\n\n".utf8)
    }
}
