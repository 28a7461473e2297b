import Glibc
import PantauSystem

/// One event loop of the server and the connections it drives. Every method of a shard and of
/// its connections runs on its loop's thread, so connections need no locks; shards run in
/// parallel, one per core, and each has its own read buffer and `Date` header.
public final class HTTPShard: @unchecked Sendable {
    /// 0-based; connections are handed out round-robin.
    public let index: Int
    /// The thread connections of this shard run on; `HTTPConnection.send` must be called there.
    public let loop: EventLoop
    /// Strong: connections read the server's limits and counters until the loop ends (`stop`).
    let server: HTTPServer

    /// Scratch space for reads (one thread, so one buffer). Its size is what one connection has
    /// read and parsed per turn of the loop, which bounds the parsing a pipelining flood costs a
    /// turn: 4 KiB holds an ordinary request head (Prometheus' and browsers' are well under 1 KiB)
    /// and a longer one spans reads (up to `maxHeaderBytes`). From 16 KiB to 4 KiB, the first
    /// `/healthz` among 200 flooding connections went from 0.9 s to 0.24 s (debug build).
    var readBuffer = [UInt8](repeating: 0, count: 4 * 1024)
    var date = HTTPDate()
    private var connections: [UInt64: HTTPConnection] = [:]
    /// The idle keep-alive connections, longest idle first.
    var idle = IdleList()

    var limits: HTTPServerLimits { server.limits }
    var handler: any HTTPRequestHandler { server.handler }
    var statistics: HTTPServerStatistics { server.statistics }
    var isStopping: Bool { server.isStopping }

    init(index: Int, loop: EventLoop, server: HTTPServer) {
        self.index = index
        self.server = server
        self.loop = loop
    }

    /// Starts the loop, with its twice-a-second sweep of timeouts.
    func start() {
        // Strong: shards live as long as the server.
        loop.start(tickEvery: 0.5) { self.sweep() }
    }

    /// Takes an accepted, non-blocking socket (on the loop), holding `place`: admitted, or over
    /// the limit and to be refused.
    func accepted(_ fd: Int32, peer: String, id: UInt64, place: HTTPConnection.Place) {
        if isStopping {  // accepted just before `stop`, whose closing of connections ran already
            BusyResponse.refuseAtOnce(fd)
            release(place)
            return
        }
        var place = place
        if place == .candidate {
            release(.candidate)
            if let victim = idle.first, SystemClock().monotonicSeconds() - victim.lastActivity >= limits.evictableIdleSeconds {
                // Full: the longest-idle keep-alive connection makes room, and its place in
                // `maxConnections` goes to the newcomer.
                victim.place = .none
                victim.close()
                place = .admitted
                HTTPServerStatistics.bump(statistics.evicted)
            } else if HTTPServerStatistics.take(statistics.refusing, limit: limits.maxRefusing) {
                place = .refusing
            } else {
                HTTPServerStatistics.bump(statistics.refused)
                BusyResponse.refuseAtOnce(fd)
                return
            }
        }
        let connection = HTTPConnection(id: id, fd: fd, peer: peer, shard: self, place: place)
        connections[id] = connection
        if place == .admitted {
            connection.start()
        } else {
            HTTPServerStatistics.bump(statistics.refused)
            connection.refuse()
        }
    }

    func remove(_ connection: HTTPConnection) {
        idle.remove(connection)
        if connections.removeValue(forKey: connection.id) != nil {
            release(connection.place)
            connection.place = .none
        }
    }

    private func release(_ place: HTTPConnection.Place) {
        switch place {
        case .admitted: statistics.open.wrappingSubtract(1, ordering: .relaxed)
        case .refusing: statistics.refusing.wrappingSubtract(1, ordering: .relaxed)
        case .candidate: statistics.candidates.wrappingSubtract(1, ordering: .relaxed)
        case .none: break
        }
    }

    /// Closes every connection (on the loop).
    func stop() {
        for c in Array(connections.values) { c.close() }
    }

    private func sweep() {
        let now = SystemClock().monotonicSeconds()
        for c in Array(connections.values) { c.sweep(now: now) }
    }

    func warn(_ message: String) { server.warn(message) }
}
