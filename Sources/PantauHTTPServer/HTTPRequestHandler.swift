import PantauHTTP

/// The application behind an `HTTPServer`. Called on the server's queue, one request at a time.
public protocol HTTPRequestHandler: AnyObject, Sendable {
    /// The response to a parsed request. For a stream, the handler keeps `connection` to `send` to
    /// later (on the server queue) and learns of its end through `connection.onClose`.
    func respond(to request: HTTPRequestHead, on connection: HTTPConnection) -> HTTPResponse
}
