import Dispatch
import Glibc
import PantauHTTP

/// Pantau's HTTP/1.1 server: non-blocking POSIX sockets driven by Dispatch sources on one serial
/// queue. It parses requests with `HTTPRequestParser`, hands them to its `HTTPRequestHandler`,
/// and enforces `HTTPServerLimits` (connections, head size, timeouts, queued output).
public final class HTTPServer: @unchecked Sendable {
    /// Every connection, listener and handler call runs here.
    public let queue: DispatchQueue
    public let limits: HTTPServerLimits
    let handler: any HTTPRequestHandler
    private let warning: @Sendable (String) -> Void

    private var listeners: [HTTPListener] = []
    private var connections: [UInt64: HTTPConnection] = [:]
    private var nextID: UInt64 = 0
    private var sweepTimer: (any DispatchSourceTimer)?
    private(set) var isStopping = false

    /// Scratch space for reads (one queue, so one buffer).
    var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    var date = HTTPDate()

    // Statistics, read on the queue.
    public internal(set) var requestsServed: UInt64 = 0
    public internal(set) var errorsAnswered: UInt64 = 0
    public internal(set) var timeouts: UInt64 = 0
    public internal(set) var slowClientsDropped: UInt64 = 0
    public internal(set) var refusedOverLimit: UInt64 = 0
    public var connectionCount: Int { connections.count }
    /// The bound addresses (`127.0.0.1:9747`), in the order they were added.
    public var addresses: [String] { listeners.map(\.address) }

    public init(limits: HTTPServerLimits, handler: any HTTPRequestHandler, queue: DispatchQueue = DispatchQueue(label: "pantau.http"),
                warning: @escaping @Sendable (String) -> Void = { _ in }) {
        self.limits = limits
        self.handler = handler
        self.queue = queue
        self.warning = warning
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

    /// Starts accepting, and the once-a-second sweep of timeouts.
    public func start() {
        queue.sync {
            for l in listeners { l.start() }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + .seconds(1), repeating: .milliseconds(500), leeway: .milliseconds(100))
            timer.setEventHandler { @Sendable [weak self] in self?.sweep() }
            timer.resume()
            sweepTimer = timer
        }
    }

    /// Stops accepting and closes every connection (on the queue).
    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        isStopping = true
        for l in listeners { l.cancel() }
        listeners.removeAll()
        sweepTimer?.cancel()
        for c in Array(connections.values) { c.close() }
    }

    // MARK: Connections (on the queue)

    func accepted(_ fd: Int32, peer: String) {
        if connections.count >= limits.maxConnections || isStopping {
            refusedOverLimit &+= 1
            let text = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 32\r\n"
                + "Retry-After: 5\r\nConnection: close\r\n\r\n503 Service Unavailable: busy.\r\n"
            _ = text.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            Glibc.close(fd)  // never given to a source
            return
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        nextID &+= 1
        let connection = HTTPConnection(id: nextID, fd: fd, peer: peer, server: self)
        connections[nextID] = connection
        connection.start()
    }

    func remove(_ connection: HTTPConnection) {
        connections[connection.id] = nil
    }

    private func sweep() {
        let now = Monotonic.seconds()
        for c in Array(connections.values) { c.sweep(now: now) }
    }

    func warn(_ message: String) { warning(message) }
}
