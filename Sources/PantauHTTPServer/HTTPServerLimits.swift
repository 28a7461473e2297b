/// The bounds that keep what clients send from stalling or growing the server.
public struct HTTPServerLimits: Sendable {
    /// Open connections; one more is answered 503 and closed.
    public var maxConnections = 20_000
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
    /// Queued output above which a response connection stops reading further pipelined requests.
    public var readPauseBytes = 1 << 20
    /// Queued output above which a streaming (SSE) client is disconnected as too slow.
    public var maxStreamPendingBytes = 512 * 1024
    /// The kernel send buffer of a streaming connection (`SO_SNDBUF`; Linux doubles it).
    public var streamSocketBuffer = 64 * 1024
    /// How long a closing connection waits for the client to close its side (lingering close).
    public var lingerTimeout: Double = 2

    public init() {}
}
