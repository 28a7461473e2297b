import Dispatch
import Glibc
import PantauHTTP
import Synchronization
import PantauSystem

/// Pantau's HTTP/1.1 server: non-blocking POSIX sockets. Listeners accept on a Dispatch queue of
/// their own and hand each connection to one of `shards` event loops (a thread each, waiting in
/// `epoll_wait`), round-robin; a connection stays on its shard. It parses requests with `HTTPRequestParser`,
/// hands them to its `HTTPRequestHandler` (on the connection's shard, so shards call it
/// concurrently) and enforces `HTTPServerLimits`.
public final class HTTPServer: @unchecked Sendable {
    public let limits: HTTPServerLimits
    let handler: any HTTPRequestHandler
    public let statistics: HTTPServerStatistics
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
    /// Accept-queue state: a descriptor held in reserve (`/dev/null`), closed when accept runs
    /// out of descriptors so that a waiting connection can still be taken and refused.
    private var spareDescriptor: Int32 = -1
    /// Accept-queue state: when accept's running out was last logged, and how often since.
    private var lastAcceptWarning = -Double.infinity
    private var acceptFailuresSinceWarning = 0
    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// The bound addresses (`127.0.0.1:9747`), in the order they were added.
    public var addresses: [String] { listeners.map(\.address) }

    /// `shards`: event loops (threads) for connections, at least 1.
    public convenience init(limits: HTTPServerLimits, handler: any HTTPRequestHandler, shards: Int,
                            warning: @escaping @Sendable (String) -> Void = { _ in }) throws(HTTPServerError) {
        try self.init(limits: limits, handler: handler, loops: Self.makeLoops(shards), warning: warning)
    }

    /// A server on `loops` (one shard each), made beforehand by the caller, whose handler needs
    /// them (the SSE hub delivers on them); `statistics` likewise, for the handler's `/metrics`.
    public init(limits: HTTPServerLimits, handler: any HTTPRequestHandler, loops: [EventLoop],
                statistics: HTTPServerStatistics = HTTPServerStatistics(),
                warning: @escaping @Sendable (String) -> Void = { _ in }) {
        precondition(!loops.isEmpty, "a server needs at least one event loop")
        self.limits = limits
        self.handler = handler
        self.statistics = statistics
        self.warning = warning
        for (index, loop) in loops.enumerated() { self.shards.append(HTTPShard(index: index, loop: loop, server: self)) }
    }

    /// `count` (at least 1) event loops named `pantau.http.N`.
    public static func makeLoops(_ count: Int) throws(HTTPServerError) -> [EventLoop] {
        var loops: [EventLoop] = []
        for index in 0..<max(1, count) { loops.append(try EventLoop(name: "pantau.http.\(index)")) }
        return loops
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
        acceptQueue.sync {
            spareDescriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
            for l in listeners { l.start() }
        }
    }

    /// Stops accepting, closes every connection (streams included: an SSE client sees the end of
    /// its stream and reconnects elsewhere or later) and ends the event loops. Returns when
    /// their threads have finished.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        acceptQueue.sync {
            for l in listeners { l.cancel() }
            listeners.removeAll()
            if spareDescriptor >= 0 { SystemCall.close(spareDescriptor) }
            spareDescriptor = -1
        }
        for shard in shards {
            shard.loop.executeAndWait { shard.stop() }
            shard.loop.stop()
        }
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
        } else if HTTPServerStatistics.take(statistics.candidates, limit: limits.maxRefusing) {
            place = .candidate  // its shard closes an idle connection for it, or refuses it
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

    /// Accept on `listener` failed for want of descriptors or memory (EMFILE, ENFILE, ENOBUFS,
    /// ENOMEM); the listener pauses next. Out of descriptors, the spare one is given up for a
    /// moment to take the oldest waiting connection and answer it 503, so clients are told rather
    /// than left waiting in the backlog. Logged at most every 10 s, with the count since.
    func acceptFailed(on listener: HTTPListener, errno error: Int32) {
        if (error == EMFILE || error == ENFILE) && spareDescriptor >= 0 {
            Glibc.close(spareDescriptor)
            let fd = accept(listener.fd, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                HTTPServerStatistics.bump(statistics.refused)
                BusyResponse.refuseAtOnce(fd)
            }
            spareDescriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        acceptFailuresSinceWarning += 1
        let now = SystemClock().monotonicSeconds()
        guard now - lastAcceptWarning >= 10 else { return }
        let more = acceptFailuresSinceWarning > 1 ? " (\(acceptFailuresSinceWarning) times in the last 10 s)" : ""
        warn("accept on \(listener.address): \(String(cString: strerror(error)))\(more); pausing accepts for 100 ms at a time"
             + (error == EMFILE ? " (raise LimitNOFILE= or lower MaxConnections=)" : ""))
        lastAcceptWarning = now
        acceptFailuresSinceWarning = 0
    }

    func warn(_ message: String) { warning(message) }
}
