import Dispatch
import Glibc
import PantauSystem

/// A listening socket and the read source that accepts on it, until `EAGAIN` each time it fires.
final class HTTPListener: @unchecked Sendable {
    let fd: Int32
    /// The bound address, `127.0.0.1:9747`.
    let address: String
    private var source: (any DispatchSourceRead)?
    private var suspended = false
    private unowned(unsafe) let server: HTTPServer

    init(fd: Int32, server: HTTPServer) {
        self.fd = fd
        self.server = server
        address = SocketAddress.local(of: fd)?.description ?? "fd \(fd)"
    }

    /// Opens, binds and listens on `address`.
    static func open(_ address: SocketAddress, backlog: Int32) throws(HTTPServerError) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError("socket for \(address): \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if address.family == AF_INET6 {
            // [::]:PORT and 0.0.0.0:PORT are separate Listen= lines, as in systemd's BindIPv6Only=ipv6-only.
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        var a = address
        let rc = withUnsafePointer(to: &a.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, a.length) }
        }
        if rc != 0 {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            throw HTTPServerError("cannot listen on \(address): \(why)")
        }
        guard listen(fd, backlog) == 0 else {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            throw HTTPServerError("cannot listen on \(address): \(why)")
        }
        return fd
    }

    /// Checks that a descriptor handed in (socket activation) is a listening stream socket and
    /// makes it non-blocking.
    static func adopt(_ fd: Int32) throws(HTTPServerError) {
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting == 1 else {
            throw HTTPServerError("descriptor \(fd) is not a listening socket")
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    private var cancelled = false

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: server.acceptQueue)
        let fd = self.fd
        source.setEventHandler { @Sendable [weak self] in self?.acceptAll() }
        source.setCancelHandler { @Sendable in Glibc.close(fd) }
        self.source = source
        source.resume()
    }

    private func acceptAll() {
        while true {
            var peer = SocketAddress()
            let accepted: Result<SystemCall.IOResult<Int32>, SystemCall.Failure> = withUnsafeMutablePointer(to: &peer.storage) { storage in
                storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    Result { () throws(SystemCall.Failure) in try SystemCall.nonBlocking("accept") { accept(fd, address, &peer.length) } }
                }
            }
            switch accepted {
            case .success(.processed(let client)):
                // accept4 is not exported to Swift; accepted sockets do not inherit O_NONBLOCK.
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                server.accepted(client, peer: peer.description)
            case .success(.wouldBlock):
                return  // the backlog is empty
            case .failure(let failure):
                switch failure.code {
                case ECONNABORTED, EPROTO:
                    continue  // that connection is gone; the next one may be there
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: the pending connection stays in the backlog and
                    // the source would fire again at once. The server refuses what it can with its
                    // spare descriptor, and accepting pauses briefly instead of spinning.
                    server.acceptFailed(on: self, errno: failure.code)
                    pause()
                    return
                default:
                    return
                }
            }
        }
    }

    private func pause() {
        guard !suspended, let source else { return }
        source.suspend()
        suspended = true
        server.acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in
            guard let self, self.suspended, let source = self.source else { return }
            self.suspended = false
            source.resume()
        }
    }

    func cancel() {
        guard !cancelled else { return }
        cancelled = true
        guard let source else {
            SystemCall.close(fd)  // never started: no cancel handler to close it
            return
        }
        if suspended { source.resume(); suspended = false }
        source.cancel()
        self.source = nil
    }
}
