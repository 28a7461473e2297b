import PantauHTTP
import PantauSystem

/// What a handler answers a request with.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    /// The content; nil for none (`Content-Length: 0`, or nothing for a stream).
    public var body: ByteChunk?
    /// A stream (`text/event-stream`): no `Content-Length`, the connection stays open for
    /// `HTTPConnection.send` until either side closes; `body` is its first bytes.
    public var isStream: Bool
    /// More of a stream's first bytes, after `body`: chunks shared with other connections
    /// (rendered events replayed on resume), queued as they are, never copied.
    public var moreBody: [ByteChunk] = []

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: ByteChunk? = nil, isStream: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isStream = isStream
    }

    /// A short `text/plain` answer: the body is the status line, or `message` when given.
    public static func plain(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var h = headers
        h.replaceOrAdd(name: "Content-Type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: status, headers: h, body: ByteChunk((message ?? status.description) + "\n"))
    }
}
