// libFuzzer harness for the HTTP request parser. Byte 0 picks the limits and the largest chunk,
// byte 1 seeds the cuts; the rest is the connection's input. The input fed in those chunks must
// give exactly the results of the input fed whole, the parser must never buffer more than
// maxHeaderBytes, every request must respect the limits and survive a rebuild-and-reparse round
// trip, and an error must stay put.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 2 else { return 0 }
    let control = data[0]
    let parser = control & 1 == 0
        ? HTTPRequestParser(maxTargetBytes: 48, maxHeaderBytes: 192, maxBodyBytes: Int(control >> 1 & 15))
        : HTTPRequestParser()
    let input = UnsafeBufferPointer(start: data + 2, count: size - 2)
    var cuts = FuzzCuts(seed: UInt64(data[1]) &+ UInt64(size) << 8, largest: 1 << Int(control >> 5))
    let whole = fuzzDrive(parser, input) { $0 }
    let chunked = fuzzDrive(parser, input) { min($0, cuts.next()) }
    precondition(whole == chunked, "chunking changed the results")
    return 0
}

/// Chunk sizes from 1 to `largest`, from a xorshift generator.
struct FuzzCuts {
    var state: UInt64
    let largest: Int

    init(seed: UInt64, largest: Int) {
        state = seed | 1
        self.largest = largest
    }

    mutating func next() -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return 1 + Int(state % UInt64(largest))
    }
}

/// Feeds `input` in chunks of `chunk(remaining)` bytes, checks the invariants after every call, and
/// returns the results handed out, ending with the error if there is one.
func fuzzDrive(_ initial: HTTPRequestParser, _ input: UnsafeBufferPointer<UInt8>,
               chunk: (Int) -> Int) -> [HTTPRequestParser.Result] {
    var parser = initial
    var results: [HTTPRequestParser.Result] = []
    var offset = 0
    while offset < input.count {
        let size = chunk(input.count - offset)
        precondition(size >= 1 && size <= input.count - offset)
        var result = parser.feed(UnsafeBufferPointer(rebasing: input[offset..<(offset + size)]))
        offset += size
        precondition(parser.bufferedByteCount <= parser.maxHeaderBytes, "buffered past the limit")
        while case .request(let head, let body) = result {
            fuzzCheck(head, body: body, parser: parser)
            results.append(result)
            result = parser.next()
        }
        if case .error(let status) = result {
            precondition([400, 411, 413, 414, 431, 505].contains(status.code))
            precondition(parser.next() == result && parser.bufferedByteCount == 0)
            results.append(result)
            return results
        }
    }
    return results
}

/// What every accepted request must satisfy.
func fuzzCheck(_ head: HTTPRequestHead, body: Int, parser: HTTPRequestParser) {
    precondition(body >= 0 && body <= parser.maxBodyBytes)
    precondition(!head.target.isEmpty && head.target.utf8.count <= parser.maxTargetBytes)
    precondition(head.path.hasPrefix("/") || head.path == "*")
    precondition(head.keepAlive == head.headers.keepAlive(for: head.version))
    precondition(head.version == .http1_0 || head.headers.values(for: "Host").count == 1)
    for (name, value) in head.headers {
        precondition(!name.isEmpty && !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }))
    }
    fuzzServerInputs(head)

    // Rebuilt from its parts, the head parses to itself. Values may have grown (bytes that are not
    // UTF-8 come back as U+FFFD), hence the larger head limit.
    var text = "\(head.method.name) \(head.target) \(head.version)\r\n"
    for (name, value) in head.headers { text += "\(name): \(value)\r\n" }
    text += "\r\n"
    var again = HTTPRequestParser(maxTargetBytes: parser.maxTargetBytes, maxHeaderBytes: 4 * parser.maxHeaderBytes + 64,
                                  maxBodyBytes: parser.maxBodyBytes)
    let reparsed = Array(text.utf8).withUnsafeBufferPointer { again.feed($0) }
    precondition(reparsed == .request(head, bodyBytesToSkip: body), "round trip changed the head")

    // A response head for it is well formed.
    var response: [UInt8] = []
    HTTPResponseHead.render(status: .ok, headers: head.headers, contentLength: body, keepAlive: head.keepAlive,
                            into: &response)
    precondition(response.starts(with: "HTTP/1.1 200 OK\r\n".utf8))
    // Every line ends in CRLF, no CR or LF stands alone, and the only empty line ends the head.
    var lineStart = 0
    for i in response.indices {
        precondition((response[i] == 0x0D) == (i + 1 < response.count && response[i + 1] == 0x0A))
        guard response[i] == 0x0A else { continue }
        precondition(i > 0 && response[i - 1] == 0x0D)
        precondition(i - lineStart > 1 || i == response.count - 1)
        lineStart = i + 1
    }
    precondition(lineStart == response.count)
}

/// What the server does with client-controlled header values: `Accept` negotiation, the token
/// comparison, and (for ids and data that might echo input) the SSE encoding, which must never let a
/// value start a new field or event.
func fuzzServerInputs(_ head: HTTPRequestHead) {
    let offers = [ContentNegotiation.Offer("text/plain", versions: ["0.0.4"]),
                  ContentNegotiation.Offer("application/openmetrics-text", versions: ["1.0.0"])]
    let accept = head.headers["Accept"]
    let chosen = ContentNegotiation.choose(offers, accept: accept)
    precondition(chosen == 0 || chosen == 1)
    for range in MediaRange.parseAccept(accept ?? head.target) {
        precondition(range.quality >= 0 && range.quality <= 1 && !range.type.isEmpty && !range.subtype.isEmpty)
    }
    let secret = Array("token".utf8)
    let offered = Array((head.headers["Authorization"] ?? "").utf8)
    precondition(ConstantTime.equal(offered, secret) == (offered == secret))
    precondition(ConstantTime.equal(secret, secret))

    let value = head.headers["Last-Event-ID"] ?? head.target
    var out: [UInt8] = []
    ServerSentEvent(type: value, id: value, data: value).render(into: &out)
    // One event: the blank line only at the end, every line a known field.
    let text = String(decoding: out, as: UTF8.self)
    precondition(text.hasSuffix("\n\n") && !text.dropLast(2).contains("\n\n"))
    precondition(!out.contains(0x0D))
    for line in text.dropLast(2).split(separator: "\n", omittingEmptySubsequences: false) {
        precondition(line.hasPrefix("id: ") || line.hasPrefix("event: ") || line.hasPrefix("data: "))
    }
}
