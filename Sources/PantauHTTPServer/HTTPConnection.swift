import CEpoll
import Glibc
import PantauHTTP
import PantauSystem

/// One accepted socket. Confined to its shard's event loop: every method runs on its thread.
///
/// Requests are read when the loop reports the socket readable, parsed incrementally and answered
/// in order (pipelining included); responses are queued as shared chunks and written with
/// `sendmsg` as the socket takes them, the loop watching for writability while it is full. The
/// descriptor is closed only after the loop stopped watching it.
public final class HTTPConnection: EventLoopHandler, @unchecked Sendable {
    public let id: UInt64
    /// The peer's address, `192.0.2.1:53211` or `[2001:db8::1]:53211`.
    public let peer: String
    let fd: Int32
    /// The shard whose loop the connection runs on; `send` must be called there. Shards live as
    /// long as the server, which outlives its connections (no reference counting on this path).
    public unowned(unsafe) let shard: HTTPShard
    var parser: HTTPRequestParser
    var output = OutputQueue()

    /// Reading paused (queued output over `readPauseBytes`, or the client's EOF while finishing).
    var readSuspended = false
    /// Output is waiting for the socket to take it.
    var writeWanted = false

    enum State {
        /// Reading requests and answering them.
        case active
        /// Answered with a stream; reads only detect the client leaving.
        case streaming
        /// Sending what is queued, then closing (`Connection: close`, an error, the client's EOF).
        case finishing
        /// Write side shut down; waiting until `lingerDeadline` for the client's EOF.
        case lingering
        case closed
    }
    var state = State.active

    /// Monotonic seconds: last byte received or sent.
    var lastActivity: Double
    /// When the unfinished request began arriving; nil between requests.
    var partialSince: Double?
    /// When queued output last moved (or was first queued).
    private(set) var lastProgress: Double
    var lingerDeadline = 0.0
    /// The client sent EOF.
    var readEOF = false
    /// Requests parsed and not served yet: more were pipelined than one turn's share
    /// (`requestsPerTurn`) or than the output bound lets through (`readPauseBytes`). Reading
    /// waits until they are served.
    var backlogged = false
    /// A task to go on with the backlog is on the loop's queue.
    var resumeScheduled = false

    /// Which count of the server's the connection takes a place in, released when it closes.
    enum Place {
        /// `open`: one of `maxConnections`.
        case admitted
        /// `refusing`: over the limit, being answered `503` (one of `maxRefusing`).
        case refusing
        /// `candidates`: over the limit, on its way to the shard, which admits it in place of
        /// an idle connection or refuses it (never the place of a connection object).
        case candidate
        /// Nothing (a connection whose place went to another).
        case none
    }
    var place: Place

    /// Links of the shard's `IdleList` (owned by it).
    var isListedIdle = false
    var idlePrevious: HTTPConnection?
    var idleNext: HTTPConnection?

    /// Between requests on a keep-alive connection: nothing received of a next request, nothing
    /// left to send. Only such a connection may be closed to admit another.
    var isIdle: Bool {
        state == .active && place == .admitted && output.isEmpty && partialSince == nil && !readEOF && !backlogged
    }

    /// Keeps the shard's idle list true to `isIdle`; called when a read, a write or a request
    /// is done with.
    func updateIdle() {
        if isIdle { shard.idle.append(self) } else { shard.idle.remove(self) }
    }

    /// Called once when the connection closes, on the shard's loop.
    public var onClose: (() -> Void)?

    /// Whether it carries a stream.
    public var isStream: Bool { state == .streaming }
    /// Bytes queued and not yet taken by the socket.
    public var pendingBytes: Int { output.pendingBytes }

    init(id: UInt64, fd: Int32, peer: String, shard: HTTPShard, place: Place) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.shard = shard
        self.place = place
        parser = HTTPRequestParser(maxTargetBytes: shard.limits.maxTargetBytes, maxHeaderBytes: shard.limits.maxHeaderBytes)
        let now = SystemClock().monotonicSeconds()
        lastActivity = now
        lastProgress = now
    }

    func start() {
        if !shard.loop.register(fd, self, events: EPOLLIN.rawValue) {
            shard.warn("HTTP connection from \(peer) closed: epoll refused its socket: \(String(cString: strerror(errno)))")
            close()
            return
        }
        updateIdle()
    }

    /// Answers `503` to a connection over `maxConnections` and closes it the way error answers
    /// close (`finishing`, then lingering): whatever the client sent is read and dropped, so it
    /// reads the answer instead of a reset, even when its request is already in our receive buffer.
    func refuse() {
        guard shard.loop.register(fd, self, events: EPOLLIN.rawValue) else { close(); return }
        output.append(ByteChunk(BusyResponse.render(date: shard.date.now())))
        state = .finishing
        flush()
    }

    /// The loop's report: readable, writable, or hung up / in error.
    func ready(_ events: UInt32) {
        if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            if !readSuspended {
                readable()
            } else if events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                close()  // both directions are down or the socket failed: nothing more can be sent
                return
            }
        }
        if state != .closed && events & EPOLLOUT.rawValue != 0 { flush() }
    }

    /// Tells the loop what to watch for; called after `readSuspended` or `writeWanted` changed.
    func updateInterest() {
        guard state != .closed else { return }
        shard.loop.modify(fd, events: (readSuspended ? 0 : EPOLLIN.rawValue) | (writeWanted ? EPOLLOUT.rawValue : 0))
    }

    // MARK: Writing

    /// Queues bytes on a stream and sends what the socket takes. A client whose queue passes
    /// `maxStreamPendingBytes` is disconnected. Returns whether the connection is still open.
    @discardableResult
    public func send(_ chunk: ByteChunk) -> Bool {
        guard state == .streaming else { return false }
        if output.isEmpty { lastProgress = SystemClock().monotonicSeconds() }
        output.append(chunk)
        flush()
        if state == .streaming && output.pendingBytes > shard.limits.maxStreamPendingBytes {
            HTTPServerStatistics.bump(shard.statistics.slowClients)
            close()
            return false
        }
        return state != .closed
    }

    func flush() {
        guard state != .closed, state != .lingering else { return }
        let before = output.pendingBytes
        switch output.write(to: fd) {
        case .done:
            lastProgress = SystemClock().monotonicSeconds()
            lastActivity = lastProgress
            if writeWanted { writeWanted = false; updateInterest() }
            switch state {
            case .finishing:
                beginLinger()
            case .active:
                if backlogged {
                    scheduleResume()
                } else if readSuspended && !readEOF {
                    readSuspended = false
                    updateInterest()
                }
                updateIdle()
            default:
                break
            }
        case .wouldBlock:
            if output.pendingBytes < before { lastProgress = SystemClock().monotonicSeconds() }
            waitWritable()
        case .failed:
            close()
        }
    }

    func waitWritable() {
        if !writeWanted { writeWanted = true; updateInterest() }
    }

    /// Half-closes and waits a little for the client's EOF, so that data it still sends does not
    /// make the kernel reset the connection before it has read the response.
    func beginLinger() {
        if readEOF { close(); return }
        shutdown(fd, Int32(SHUT_WR))
        state = .lingering
        lingerDeadline = SystemClock().monotonicSeconds() + shard.limits.lingerTimeout
        if readSuspended { readSuspended = false; updateInterest() }
    }

    func suspendReading() {
        if !readSuspended { readSuspended = true; updateInterest() }
    }

    // MARK: Timeouts (the server's sweep)

    func sweep(now: Double) {
        let limits = shard.limits
        switch state {
        case .lingering:
            if now >= lingerDeadline {
                BusyResponse.discardInput(fd)  // unread input would turn the close into a reset
                close()
            }
            return
        case .closed:
            return
        default:
            break
        }
        if !output.isEmpty && now - lastProgress > limits.sendTimeout {
            // A stream's client that stopped reading is as slow as one whose queue overflowed.
            if state == .streaming { HTTPServerStatistics.bump(shard.statistics.slowClients) }
            close()
            return
        }
        guard state == .active else { return }
        if let since = partialSince, now - since > limits.headerTimeout {
            HTTPServerStatistics.bump(shard.statistics.timeoutCount)
            fail(.requestTimeout)
        } else if partialSince == nil && output.isEmpty && !backlogged && now - lastActivity > limits.idleTimeout {
            close()
        }
    }

    // MARK: Closing

    /// Closes now, dropping anything queued. Idempotent.
    public func close() {
        guard state != .closed else { return }
        state = .closed
        output.removeAll()
        shard.remove(self)
        let callback = onClose
        onClose = nil
        callback?()
        shard.loop.unregister(fd)
        Glibc.close(fd)
    }
}
