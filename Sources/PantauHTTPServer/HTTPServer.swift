import Dispatch
import Glibc
import PantauHTTP
import Synchronization

/// Pantau's HTTP/1.1 server: non-blocking POSIX sockets. Listeners accept on a Dispatch queue of
/// their own and hand each connection to one of `shards` event loops (a thread each, waiting in
/// `epoll_wait`), round-robin; a connection stays on its shard. It parses requests with `HTTPRequestParser`,
/// hands them to its `HTTPRequestHandler` (on the connection's shard, so shards call it
/// concurrently) and enforces `HTTPServerLimits`.
public final class HTTPServer: @unchecked Sendable {
    public let limits: HTTPServerLimits
    let handler: any HTTPRequestHandler
    public let statistics = HTTPServerStatistics()
    /// The event loops connections run on.
    public private(set) var shards: [HTTPShard] = []
    /// Listeners accept here.
    let acceptQueue = DispatchQueue(label: "pantau.http.accept")
    private let warning: @Sendable (String) -> Void

    private var listeners: [HTTPListener] = []
    /// Accept-queue state: the next connection id and shard.
    private var nextID: UInt64 = 0
    private var nextShard = 0
    private let stopping = Atomic<Bool>(false)
    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// The bound addresses (`127.0.0.1:9747`), in the order they were added.
    public var addresses: [String] { listeners.map(\.address) }

    /// `shards`: event loops (threads) for connections, at least 1.
    public init(limits: HTTPServerLimits, handler: any HTTPRequestHandler, shards: Int,
                warning: @escaping @Sendable (String) -> Void = { _ in }) throws(HTTPServerError) {
        self.limits = limits
        self.handler = handler
        self.warning = warning
        for index in 0..<max(1, shards) { self.shards.append(try HTTPShard(index: index, server: self)) }
    }

    /// Binds every address of `address` (call before `start`). Returns the bound addresses.
    @discardableResult
    public func listen(on address: ListenAddress, backlog: Int32 = 4096) throws(HTTPServerError) -> [String] {
        var bound: [String] = []
        for socketAddress in try address.resolve() {
            let fd = try HTTPListener.open(socketAddress, backlog: backlog)
            let listener = HTTPListener(fd: fd, server: self)
            listeners.append(listener)
            bound.append(listener.address)
        }
        return bound
    }

    /// Serves on a socket that is already listening (systemd socket activation).
    @discardableResult
    public func adopt(listeningSocket fd: Int32) throws(HTTPServerError) -> String {
        try HTTPListener.adopt(fd)
        let listener = HTTPListener(fd: fd, server: self)
        listeners.append(listener)
        return listener.address
    }

    /// Starts accepting, and each shard's sweep of timeouts.
    public func start() {
        for shard in shards { shard.start() }
        acceptQueue.sync { for l in listeners { l.start() } }
    }

    /// Stops accepting and closes every connection. Returns at once; the shards close their
    /// connections on their loops.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        acceptQueue.async { [self] in
            for l in listeners { l.cancel() }
            listeners.removeAll()
        }
        for shard in shards { shard.loop.execute { shard.stop() } }
    }

    // MARK: Accepting (on the accept queue)

    func accepted(_ fd: Int32, peer: String) {
        if isStopping {
            HTTPServerStatistics.bump(statistics.refused)
            BusyResponse.refuseAtOnce(fd)  // never given to a shard
            return
        }
        let place: HTTPConnection.Place
        if HTTPServerStatistics.take(statistics.open, limit: limits.maxConnections) {
            place = .admitted
        } else if HTTPServerStatistics.take(statistics.refusing, limit: limits.maxRefusing) {
            place = .refusing  // its shard answers 503 and closes it without a reset
        } else {
            HTTPServerStatistics.bump(statistics.refused)
            BusyResponse.refuseAtOnce(fd)
            return
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        nextID &+= 1
        let id = nextID
        let shard = shards[nextShard]
        nextShard = (nextShard + 1) % shards.count
        shard.loop.execute { shard.accepted(fd, peer: peer, id: id, place: place) }
    }

    func warn(_ message: String) { warning(message) }
}
