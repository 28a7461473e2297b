import Dispatch
import Glibc

/// One serial queue of the server and the connections it drives. Every method of a shard and of
/// its connections runs on its queue, so connections need no locks; shards run in parallel, one
/// per core, and each has its own read buffer and `Date` header.
public final class HTTPShard: @unchecked Sendable {
    /// 0-based; connections are handed out round-robin.
    public let index: Int
    public let queue: DispatchQueue
    unowned(unsafe) let server: HTTPServer

    /// Scratch space for reads (one queue, so one buffer).
    var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    var date = HTTPDate()
    private var connections: [UInt64: HTTPConnection] = [:]
    private var sweepTimer: (any DispatchSourceTimer)?

    var limits: HTTPServerLimits { server.limits }
    var handler: any HTTPRequestHandler { server.handler }
    var statistics: HTTPServerStatistics { server.statistics }
    var isStopping: Bool { server.isStopping }

    init(index: Int, server: HTTPServer) {
        self.index = index
        self.server = server
        queue = DispatchQueue(label: "pantau.http.\(index)")
    }

    /// Starts the twice-a-second sweep of timeouts.
    func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .seconds(1), repeating: .milliseconds(500), leeway: .milliseconds(100))
        // Strong: shards live as long as the server (a weak reference would slow every retain).
        timer.setEventHandler { @Sendable in self.sweep() }
        timer.resume()
        sweepTimer = timer
    }

    /// Takes an accepted, non-blocking socket (on the queue).
    func accepted(_ fd: Int32, peer: String, id: UInt64) {
        dispatchPrecondition(condition: .onQueue(queue))
        let connection = HTTPConnection(id: id, fd: fd, peer: peer, shard: self)
        connections[id] = connection
        connection.start()
    }

    func remove(_ connection: HTTPConnection) {
        if connections.removeValue(forKey: connection.id) != nil {
            statistics.open.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    /// Closes every connection and stops the sweep (on the queue).
    func stop() {
        sweepTimer?.cancel()
        sweepTimer = nil
        for c in Array(connections.values) { c.close() }
    }

    private func sweep() {
        let now = Monotonic.seconds()
        for c in Array(connections.values) { c.sweep(now: now) }
    }

    func warn(_ message: String) { server.warn(message) }
}
