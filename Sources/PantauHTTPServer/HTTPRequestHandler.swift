import PantauHTTP
import PantauSystem

/// The application behind an `HTTPServer`. Called on the event loop of the connection's shard: one
/// request at a time per shard, but shards call it concurrently.
public protocol HTTPRequestHandler: AnyObject, Sendable {
    /// The response to a parsed request. For a stream, the handler keeps `connection` to `send` to
    /// later (on `connection.shard.loop`) and learns of its end through `connection.onClose`.
    func respond(to request: HTTPRequestHead, on connection: HTTPConnection) -> HTTPResponse
}
