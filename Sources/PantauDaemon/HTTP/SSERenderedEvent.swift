import PantauHTTPServer

/// A `breach` or `warning` rendered once as SSE bytes, on its way to every shard's clients.
struct SSERenderedEvent: Sendable {
    let sequence: UInt64
    let channel: String
    let bytes: ByteChunk
}
