import Synchronization
import PantauSystem

/// The server's counters, kept by every shard and read from any thread (`/metrics`).
public final class HTTPServerStatistics: Sendable {
    let requests = Atomic<UInt64>(0)
    let errors = Atomic<UInt64>(0)
    let timeoutCount = Atomic<UInt64>(0)
    let slowClients = Atomic<UInt64>(0)
    let refused = Atomic<UInt64>(0)
    let evicted = Atomic<UInt64>(0)
    /// Open connections over all shards (the `MaxConnections` check at accept).
    let open = Atomic<Int>(0)
    /// Connections over the limit being answered `503` and closed (lingering), over all shards.
    let refusing = Atomic<Int>(0)
    /// Connections over the limit on their way to a shard, which admits each in place of an
    /// idle keep-alive connection if it can, else refuses it (at most `maxRefusing`).
    let candidates = Atomic<Int>(0)

    public init() {}

    /// Requests handed to the handler.
    public var requestsServed: UInt64 { requests.load(ordering: .relaxed) }
    /// Requests the parser refused (400, 413, 414, 431, 505).
    public var errorsAnswered: UInt64 { errors.load(ordering: .relaxed) }
    /// Header read timeouts (408).
    public var timeouts: UInt64 { timeoutCount.load(ordering: .relaxed) }
    /// Streaming clients dropped as too slow: their queued output passed the limit, or stopped
    /// moving for the send timeout.
    public var slowClientsDropped: UInt64 { slowClients.load(ordering: .relaxed) }
    /// Connections answered 503 at accept (over `maxConnections`, or stopping).
    public var refusedOverLimit: UInt64 { refused.load(ordering: .relaxed) }
    /// Idle keep-alive connections closed to admit a new connection while `maxConnections` were open.
    public var idleEvicted: UInt64 { evicted.load(ordering: .relaxed) }
    /// Connections open now.
    public var connectionCount: Int { open.load(ordering: .relaxed) }

    static func bump(_ counter: borrowing Atomic<UInt64>) {
        counter.wrappingAdd(1, ordering: .relaxed)
    }

    /// Takes one of `limit` places of `count`, or returns false when all are taken (one atomic
    /// step, so accepts and shards taking places at once cannot overshoot).
    static func take(_ count: borrowing Atomic<Int>, limit: Int) -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }
}
