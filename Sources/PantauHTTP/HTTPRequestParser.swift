/// An incremental HTTP/1.1 request-head parser: bytes go in as they arrive, in chunks of any size,
/// and request heads or the status to refuse the connection with come out.
///
/// ```swift
/// var result = parser.feed(chunk)
/// while case .request(let head, _) = result {
///     respond(to: head)
///     result = parser.next()
/// }
/// if case .error(let status) = result { refuse(with: status) }  // then close
/// ```
///
/// `feed` reads the whole chunk at once: every complete head in it is parsed and queued, the body
/// bytes announced by `Content-Length` are skipped, and only the bytes of an unfinished head are
/// kept, never more than `maxHeaderBytes`, however large the chunk or the stream. `feed` returns
/// the first queued result, `next()` each following one, `.needMore` once the queue is empty. Call
/// `next()` until `.needMore` before feeding again: the queue holds parsed heads, at most one per
/// 18 bytes of the chunk just fed, so a bounded read size bounds it.
///
/// After `.error` the parser ignores further input and keeps answering with the same error; the
/// server sends that status with `Connection: close` and closes. Requests completed before the
/// fault still come out first, in order.
///
/// The result never depends on how the input is cut into chunks, and no input makes the parser trap.
public struct HTTPRequestParser: Sendable {
    /// What the parser has for the caller.
    public enum Result: Sendable, Equatable {
        /// No complete head is queued; feed more bytes.
        case needMore
        /// A complete request head. `bodyBytesToSkip` is its `Content-Length` (0 without a body,
        /// never above `maxBodyBytes`); the parser discards those bytes itself as they arrive and
        /// then parses the next pipelined request, so the caller only needs the number to know
        /// that a body was sent.
        case request(HTTPRequestHead, bodyBytesToSkip: Int)
        /// The request cannot be served; answer with this status and close the connection.
        case error(HTTPStatus)
    }

    /// Longest request target, in bytes; longer gives 414.
    public let maxTargetBytes: Int
    /// Largest request head (request line, header fields and the blank line), in bytes; larger
    /// gives 431, or 414 while still on the request line. Also the most the parser ever buffers.
    public let maxHeaderBytes: Int
    /// Largest request body the parser skips; a larger `Content-Length` gives 413. With 0 (the
    /// default), any body gives 413.
    public let maxBodyBytes: Int

    /// Longest method token; no method Pantau knows comes near.
    static var maxMethodBytes: Int { 32 }
    /// `HTTP/x.y`.
    static var versionBytes: Int { 8 }

    /// Where in the byte stream the parser stands.
    private enum Phase: Sendable {
        /// Between requests: empty lines before a request line are skipped (RFC 9112 §2.2).
        case idle
        case requestLine
        case fields
        /// Discarding a body; `remaining` bytes to go.
        case body(remaining: Int)
    }

    private var phase = Phase.idle
    private var failure: HTTPStatus?
    /// Complete heads not yet handed out, from `readyIndex` on.
    private var ready: [(HTTPRequestHead, Int)] = []
    private var readyIndex = 0
    /// The bytes of a head that began in an earlier chunk.
    private var head: [UInt8] = []
    /// Bytes of the current head seen so far, buffered or not.
    private var headBytes = 0
    /// Empty-line bytes skipped before the current request line.
    private var leadingBytes = 0
    /// Bytes on the current line, not counting a CR before its LF.
    private var lineLength = 0
    /// The previous byte was a CR, so this one must be an LF.
    private var afterCR = false
    /// Spaces seen on the request line, and the bytes of the part after the last one.
    private var spaces = 0
    private var partBytes = 0

    /// A parser with the given limits (each at least 1, except `maxBodyBytes`, at least 0).
    public init(maxTargetBytes: Int = 8 * 1024, maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 0) {
        self.maxTargetBytes = max(1, maxTargetBytes)
        self.maxHeaderBytes = max(1, maxHeaderBytes)
        self.maxBodyBytes = max(0, maxBodyBytes)
    }

    /// Reads a chunk of the connection's bytes and returns the first result, as `next()` would.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        consume(bytes)
        return next()
    }

    /// The next queued head, else the error if the input was refused, else `.needMore`.
    public mutating func next() -> Result {
        if readyIndex < ready.count {
            let (head, body) = ready[readyIndex]
            readyIndex += 1
            if readyIndex == ready.count {
                ready.removeAll(keepingCapacity: ready.count <= 16)
                readyIndex = 0
            }
            return .request(head, bodyBytesToSkip: body)
        }
        if let failure { return .error(failure) }
        return .needMore
    }

    /// Whether a request has begun but not ended (a head or a body is partly read). A server
    /// whose read times out answers 408 in that case and closes silently otherwise.
    public var hasPartialRequest: Bool {
        if case .idle = phase { return false }
        return failure == nil
    }

    /// Whether complete heads are waiting to be handed out by `next()`.
    public var hasReadyRequests: Bool { readyIndex < ready.count }

    /// Bytes held for an unfinished head; at most `maxHeaderBytes`.
    var bufferedByteCount: Int { head.count }

    // MARK: Scanning

    private mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
        var i = 0
        var headStart = 0  // where the current head's bytes begin in this chunk
        while i < bytes.count, failure == nil {
            switch phase {
            case .body(let remaining):
                let take = min(remaining, bytes.count - i)
                i += take
                phase = take == remaining ? .idle : .body(remaining: remaining - take)
            case .idle:
                let b = bytes[i]
                if afterCR, b != ASCII.lf { return fail(.badRequest) }
                if b == ASCII.cr || b == ASCII.lf {
                    afterCR = b == ASCII.cr
                    leadingBytes += 1
                    if leadingBytes > maxHeaderBytes { return fail(.badRequest) }
                    i += 1
                } else {
                    phase = .requestLine
                    headBytes = 0
                    lineLength = 0
                    spaces = 0
                    partBytes = 0
                    headStart = i
                }
            case .requestLine, .fields:
                let outcome = scan(bytes, from: &i)
                let slice = UnsafeBufferPointer(rebasing: bytes[headStart..<i])
                switch outcome {
                case .incomplete:
                    head.append(contentsOf: slice)
                case .failed(let status):
                    return fail(status)
                case .complete:
                    let result: Result
                    if head.isEmpty {
                        result = parseHead(slice)
                    } else {
                        head.append(contentsOf: slice)
                        result = head.withUnsafeBufferPointer { parseHead($0) }
                        head = []
                    }
                    leadingBytes = 0
                    switch result {
                    case .request(let request, let body):
                        ready.append((request, body))
                        phase = body > 0 ? .body(remaining: body) : .idle
                    case .error(let status):
                        return fail(status)
                    case .needMore:
                        return fail(.internalServerError)  // parseHead never returns it
                    }
                }
            }
        }
    }

    private enum ScanOutcome {
        case incomplete
        case complete
        case failed(HTTPStatus)
    }

    /// Advances over head bytes until the blank line that ends the head (`i` then points past its
    /// LF), the end of the chunk, or a fault that cannot wait for the rest of the head: a bare CR,
    /// a request line of the wrong shape or length, a head over `maxHeaderBytes`. Everything else is
    /// checked once the head is complete.
    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from i: inout Int) -> ScanOutcome {
        // Only as many bytes as the head may still take; one more is over the limit.
        let allowed = maxHeaderBytes - headBytes
        let end = bytes.count - i <= allowed ? bytes.count : i + allowed
        let first = i
        defer { headBytes += i - first }
        var onRequestLine: Bool
        if case .requestLine = phase { onRequestLine = true } else { onRequestLine = false }
        while i < end {
            let b = bytes[i]
            i += 1
            if afterCR, b != ASCII.lf { return .failed(.badRequest) }
            if b > ASCII.cr {
                lineLength += 1
                guard onRequestLine else { continue }
                if b == ASCII.space {
                    guard partBytes > 0, spaces < 2 else { return .failed(.badRequest) }
                    spaces += 1
                    partBytes = 0
                } else {
                    partBytes += 1
                    switch spaces {
                    case 0: if partBytes > Self.maxMethodBytes { return .failed(.badRequest) }
                    case 1: if partBytes > maxTargetBytes { return .failed(.uriTooLong) }
                    default: if partBytes > Self.versionBytes { return .failed(.badRequest) }
                    }
                }
            } else if b == ASCII.lf {
                afterCR = false
                if onRequestLine {
                    guard spaces == 2, partBytes > 0 else { return .failed(.badRequest) }
                    phase = .fields
                    onRequestLine = false
                } else if lineLength == 0 {
                    return .complete
                }
                lineLength = 0
            } else if b == ASCII.cr {
                afterCR = true
            } else {
                // Other controls: only HTAB is valid, and only inside a field line.
                guard b == ASCII.tab, !onRequestLine else { return .failed(.badRequest) }
                lineLength += 1
            }
        }
        if i < bytes.count { return .failed(onRequestLine ? .uriTooLong : .requestHeaderFieldsTooLarge) }
        return .incomplete
    }

    private mutating func fail(_ status: HTTPStatus) {
        failure = status
        head = []
    }
}
