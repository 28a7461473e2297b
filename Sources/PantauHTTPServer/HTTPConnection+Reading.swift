import CEpoll
import Glibc
import PantauHTTP
import PantauSystem

extension HTTPConnection {
    // MARK: Reading

    func readable() {
        guard state != .closed else { return }
        let received = shard.readBuffer.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemCall.Failure) in try SystemCall.nonBlocking("read") { read(fd, buffer.baseAddress, buffer.count) } }
        }
        let n: Int
        switch received {
        case .success(.processed(let count)): n = count
        case .success(.wouldBlock): return
        case .failure:
            close()
            return
        }
        if n == 0 {
            readEOF = true
            switch state {
            case .active:
                if output.isEmpty { close() } else { state = .finishing; suspendReading() }
            case .finishing:
                suspendReading()
            case .streaming, .lingering, .closed:
                close()
            }
            return
        }
        let now = SystemClock().monotonicSeconds()
        lastActivity = now
        guard state == .active else { return }  // streams and closing connections discard input
        shard.idle.remove(self)  // busy; back at the end of the list once idle again
        defer { updateIdle() }
        if partialSince == nil { partialSince = now }
        let result = shard.readBuffer.withUnsafeBytes { raw in
            parser.feed(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
        }
        serveRequests(from: result)
    }

    /// Serves parsed requests in order, starting with `first`: at most `requestsPerTurn` or
    /// until `bytesPerTurn` of responses are queued, and none once queued output passes
    /// `readPauseBytes`. What is left stays parsed (at most one
    /// read's worth) with reading paused, and is served on a later turn: at once when the turn's
    /// share was used up, once the client has taken the output when it was the bound.
    func serveRequests(from first: HTTPRequestParser.Result) {
        var result = first
        var served = 0
        let appendedBefore = output.appendedBytes
        while state == .active {
            switch result {
            case .needMore:
                partialSince = parser.hasPartialRequest ? partialSince : nil
                if output.pendingBytes > shard.limits.readPauseBytes {
                    suspendReading()
                } else if readSuspended && !readEOF {
                    readSuspended = false
                    updateInterest()
                }
                return
            case .request(let head, let bodyBytes):
                partialSince = nil
                serve(head, hasBody: bodyBytes > 0)
                served += 1
                guard state == .active else { return }
                if parser.hasReadyRequests
                    && (served >= shard.limits.requestsPerTurn || output.appendedBytes &- appendedBefore >= shard.limits.bytesPerTurn
                        || output.pendingBytes > shard.limits.readPauseBytes) {
                    backlogged = true
                    suspendReading()
                    if output.pendingBytes <= shard.limits.readPauseBytes { scheduleResume() }
                    return
                }
                result = parser.next()
            case .error(let status):
                HTTPServerStatistics.bump(shard.statistics.errors)
                fail(status)
                return
            }
        }
    }

    /// Goes on with the backlog on a later turn of the loop, after what is ready now.
    func scheduleResume() {
        guard !resumeScheduled else { return }
        resumeScheduled = true
        shard.loop.execute { [self] in
            resumeScheduled = false
            guard state == .active, backlogged, output.pendingBytes <= shard.limits.readPauseBytes else { return }
            backlogged = false
            shard.idle.remove(self)
            serveRequests(from: parser.next())
            updateIdle()
        }
    }

    func serve(_ head: HTTPRequestHead, hasBody: Bool) {
        HTTPServerStatistics.bump(shard.statistics.requests)
        var response = shard.handler.respond(to: head, on: self)
        let isHead = head.method == .head
        if response.isStream && !isHead {
            state = .streaming
            // A stream is small messages: a fixed kernel buffer (no autotuning up to megabytes)
            // bounds kernel memory per client and lets a client that stops reading show up in
            // `pendingBytes` within seconds.
            var size = Int32(shard.limits.streamSocketBuffer)
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            response.headers.replaceOrAdd(name: "Date", value: shard.date.now())
            var bytes: [UInt8] = []
            HTTPResponseHead.render(status: response.status, headers: response.headers, contentLength: nil,
                                    keepAlive: false, into: &bytes)
            output.append(ByteChunk(bytes))
            if let body = response.body { output.append(body) }
            for chunk in response.moreBody { output.append(chunk) }
            flush()
            return
        }
        response.headers.replaceOrAdd(name: "Date", value: shard.date.now())
        var bytes: [UInt8] = []
        // HEAD of a stream: the head alone, and the connection closes (its length is unknown).
        let keepAlive = HTTPResponseHead.render(status: response.status, headers: response.headers,
                                                contentLength: response.isStream ? nil : (response.body?.count ?? 0),
                                                keepAlive: head.keepAlive && !shard.isStopping, into: &bytes)
        output.append(ByteChunk(bytes))
        if !isHead, let body = response.body { output.append(body) }
        if !keepAlive { state = .finishing }
        flush()
    }

    /// Answers a request the parser refused, then closes.
    func fail(_ status: HTTPStatus) {
        var bytes: [UInt8] = []
        let body = Array("\(status)\n".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Date", value: shard.date.now())
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        HTTPResponseHead.render(status: status, headers: headers, contentLength: body.count, keepAlive: false, into: &bytes)
        bytes += body
        output.append(ByteChunk(bytes))
        state = .finishing
        flush()
    }
}
