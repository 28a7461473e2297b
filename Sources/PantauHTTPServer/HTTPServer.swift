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

    /// `shards`: event loops (threads) for connections; 0 means one per CPU the process may run on (at most 8).
    public init(limits: HTTPServerLimits, handler: any HTTPRequestHandler, shards: Int = 0,
                warning: @escaping @Sendable (String) -> Void = { _ in }) throws(HTTPServerError) {
        self.limits = limits
        self.handler = handler
        self.warning = warning
        let count = shards > 0 ? shards : Self.defaultShardCount()
        for index in 0..<count { self.shards.append(try HTTPShard(index: index, server: self)) }
    }

    /// One shard per CPU the process may run on (its affinity mask: `taskset`, systemd's
    /// `CPUAffinity=`), at least 1 and at most 8. More shards than CPUs only interleave.
    public static func defaultShardCount() -> Int {
        let usable = allowedCPUs() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return min(8, max(1, usable))
    }

    /// The number of CPUs in the affinity mask, from `Cpus_allowed:` in /proc/self/status (a hex
    /// mask in comma-separated 32-bit groups); nil when it cannot be read.
    static func allowedCPUs() -> Int? {
        let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        var count = 0
        for c in line.dropFirst("Cpus_allowed:".count) {
            if let digit = c.hexDigitValue { count += digit.nonzeroBitCount }
        }
        return count > 0 ? count : nil
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
        if statistics.open.load(ordering: .relaxed) >= limits.maxConnections || isStopping {
            HTTPServerStatistics.bump(statistics.refused)
            let text = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 32\r\n"
                + "Retry-After: 5\r\nConnection: close\r\n\r\n503 Service Unavailable: busy.\r\n"
            _ = text.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            Glibc.close(fd)  // never given to a source
            return
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        statistics.open.wrappingAdd(1, ordering: .relaxed)
        nextID &+= 1
        let id = nextID
        let shard = shards[nextShard]
        nextShard = (nextShard + 1) % shards.count
        shard.loop.execute { shard.accepted(fd, peer: peer, id: id) }
    }

    func warn(_ message: String) { warning(message) }
}
