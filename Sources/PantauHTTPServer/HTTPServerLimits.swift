import PantauSystem

/// The bounds that keep what clients send from stalling or growing the server.
public struct HTTPServerLimits: Sendable {
    /// Open connections. One more closes its shard's longest-idle keep-alive connection to take
    /// its place (one idle at least `evictableIdleSeconds`); without one it is answered 503 and
    /// closed. Streams and requests in progress are never closed for a newcomer.
    public var maxConnections = 20_000
    /// How long a keep-alive connection must have been idle to be closed for a newcomer when
    /// `maxConnections` are open. One idle only a moment is likely between two requests of a
    /// client at work, and a burst of new connections should not close each other.
    public var evictableIdleSeconds: Double = 1
    /// Connections over `maxConnections` answered 503 at once and kept until the client has
    /// read it (lingering close, up to `lingerTimeout`); past it a refusal is closed at once,
    /// which may reach the client as a reset. Each holds a descriptor.
    public var maxRefusing = 64
    /// The largest request head (request line and fields); larger gives 431 (414 on the request line).
    public var maxHeaderBytes = 16 * 1024
    /// The longest request target; longer gives 414.
    public var maxTargetBytes = 8 * 1024
    /// Time allowed to send a complete head once it began; then 408 and close.
    public var headerTimeout: Double = 10
    /// A keep-alive connection with no request for this long is closed.
    public var idleTimeout: Double = 60
    /// A connection whose queued output has not moved for this long is closed.
    public var sendTimeout: Double = 30
    /// Queued output above which a response connection stops reading and serving further
    /// pipelined requests until the client has taken some.
    public var readPauseBytes = 1 << 20
    /// Pipelined requests one connection has served per turn of its shard's loop; the rest wait
    /// for the next turn, after every other ready connection had its share.
    public var requestsPerTurn = 16
    /// Response bytes one connection may queue per turn of its shard's loop before its further
    /// pipelined requests wait for the next turn (a share in bytes as well as in requests: 16
    /// requests for a 26 KB `/metrics` are 420 KB of work a turn, times every flooding client).
    public var bytesPerTurn = 64 * 1024
    /// Queued output above which a streaming (SSE) client is disconnected as too slow.
    public var maxStreamPendingBytes = 512 * 1024
    /// The kernel send buffer of a streaming connection (`SO_SNDBUF`; Linux doubles it).
    public var streamSocketBuffer = 64 * 1024
    /// How long a closing connection waits for the client to close its side (lingering close).
    public var lingerTimeout: Double = 2

    public init() {}
}
