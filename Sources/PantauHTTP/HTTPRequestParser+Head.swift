/// Reading a complete head: request line, field lines, then the framing rules of RFC 9112 §6.
extension HTTPRequestParser {
    /// Parses a head from its first byte through the LF of the blank line that ends it. Returns
    /// `.request` or `.error`, never `.needMore`.
    func parseHead(_ p: UnsafeBufferPointer<UInt8>) -> Result {
        var lines: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        for i in 0..<p.count where p[i] == ASCII.lf {
            let end = i > start && p[i - 1] == ASCII.cr ? i - 1 : i
            lines.append(UnsafeBufferPointer(rebasing: p[start..<end]))
            start = i + 1
        }
        // The scanner hands over a request line, field lines and an empty line.
        guard lines.count >= 2, let blank = lines.last, blank.isEmpty else { return .error(.badRequest) }

        let requestLine: (method: HTTPMethod, target: String, version: HTTPVersion)
        switch parseRequestLine(lines[0]) {
        case .success(let parsed): requestLine = parsed
        case .failure(let fault): return .error(fault.status)
        }

        var headers = HTTPHeaders()
        for line in lines[1..<(lines.count - 1)] {
            // A line that starts with whitespace is obs-fold (or whitespace before the first field):
            // RFC 9112 §5.2 and §2.2 let a server refuse both.
            guard let first = line.first, !ASCII.isWhitespace(first) else { return .error(.badRequest) }
            var colon = 0
            while colon < line.count, line[colon] != ASCII.colon { colon += 1 }
            guard colon < line.count else { return .error(.badRequest) }
            let name = UnsafeBufferPointer(rebasing: line[0..<colon])
            // A name must be a token: this also refuses whitespace before the colon (§5.1).
            guard ASCII.isToken(name) else { return .error(.badRequest) }
            let value = UnsafeBufferPointer(rebasing: line[(colon + 1)...])
            for b in value where !ASCII.isFieldValueByte(b) { return .error(.badRequest) }
            headers.add(name: String(decoding: name, as: UTF8.self),
                        value: String(decoding: ASCII.trimmed(value), as: UTF8.self))
        }

        let request = HTTPRequestHead(method: requestLine.method, target: requestLine.target,
                                      version: requestLine.version, headers: headers)
        switch bodyLength(of: request) {
        case .success(let length): return .request(request, bodyBytesToSkip: length)
        case .failure(let fault): return .error(fault.status)
        }
    }

    /// A status to refuse a request with, as an `Error` for `Swift.Result`.
    struct Fault: Error {
        let status: HTTPStatus
        static let badRequest = Fault(status: .badRequest)
    }

    /// `method SP request-target SP HTTP-version`, single spaces (RFC 9112 §3).
    private func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>)
        -> Swift.Result<(method: HTTPMethod, target: String, version: HTTPVersion), Fault> {
        var spaces: [Int] = []
        for i in 0..<line.count where line[i] == ASCII.space { spaces.append(i) }
        guard spaces.count == 2 else { return .failure(.badRequest) }
        let method = UnsafeBufferPointer(rebasing: line[0..<spaces[0]])
        let target = UnsafeBufferPointer(rebasing: line[(spaces[0] + 1)..<spaces[1]])
        let v = UnsafeBufferPointer(rebasing: line[(spaces[1] + 1)...])
        guard ASCII.isToken(method) else { return .failure(.badRequest) }

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
        guard v.count == Self.versionBytes, v[0] == 0x48, v[1] == 0x54, v[2] == 0x54, v[3] == 0x50, v[4] == ASCII.slash,
              ASCII.isDigit(v[5]), v[6] == ASCII.period, ASCII.isDigit(v[7]) else { return .failure(.badRequest) }
        let version: HTTPVersion
        switch (v[5] - 0x30, v[7] - 0x30) {
        case (1, 0): version = .http1_0
        case (1, _): version = .http1_1
        default: return .failure(Fault(status: .httpVersionNotSupported))
        }

        // Visible ASCII only: no controls, spaces or raw non-ASCII bytes (RFC 3986).
        guard !target.isEmpty else { return .failure(.badRequest) }
        for b in target where b < 0x21 || b > 0x7E { return .failure(.badRequest) }
        guard target.count <= maxTargetBytes else { return .failure(Fault(status: .uriTooLong)) }
        let parsedMethod = HTTPMethod(String(decoding: method, as: UTF8.self))
        guard Self.isAcceptedForm(target, method: parsedMethod) else { return .failure(.badRequest) }
        return .success((parsedMethod, String(decoding: target, as: UTF8.self), version))
    }

    /// origin-form (`/path?query`), absolute-form (`http://host/path`, which a server must accept),
    /// or `*` for OPTIONS (RFC 9112 §3.2). authority-form is for CONNECT, which Pantau does not do.
    private static func isAcceptedForm(_ target: UnsafeBufferPointer<UInt8>, method: HTTPMethod) -> Bool {
        guard let first = target.first else { return false }
        if first == ASCII.slash { return true }
        if target.count == 1, first == ASCII.asterisk { return method == .options }
        for scheme in ["http://", "https://"] where ASCII.hasPrefixIgnoringCase(target, scheme) {
            // The authority must not be empty.
            let authority = scheme.utf8.count
            return authority < target.count && target[authority] != ASCII.slash && target[authority] != ASCII.question
        }
        return false
    }

    /// How many body bytes follow the head, under the rules of RFC 9112 §6 that defend against
    /// request smuggling: `Transfer-Encoding` with `Content-Length` is refused, as is
    /// `Transfer-Encoding` in HTTP/1.0 or without `chunked` last, and `Content-Length` must be one
    /// decimal number, repeated only with the same value. HTTP/1.1 requires exactly one `Host`.
    private func bodyLength(of request: HTTPRequestHead) -> Swift.Result<Int, Fault> {
        var hosts = 0
        var contentLengths: [String] = []
        var transferEncoding = false
        for (name, value) in request.headers.fields {
            if HTTPHeaders.sameName(name, "Host") {
                hosts += 1
            } else if HTTPHeaders.sameName(name, "Content-Length") {
                contentLengths.append(value)
            } else if HTTPHeaders.sameName(name, "Transfer-Encoding") {
                transferEncoding = true
            }
        }
        if hosts > 1 || (hosts == 0 && request.version == .http1_1) { return .failure(.badRequest) }

        if transferEncoding {
            guard contentLengths.isEmpty, request.version == .http1_1,
                  let last = request.headers.listElements(for: "Transfer-Encoding").last,
                  ASCII.equalsIgnoringCase(last, "chunked") else { return .failure(.badRequest) }
            // A chunked body's size shows only at its end; Pantau has no use for request bodies,
            // so it does not decode chunks: with bodies allowed, ask for a Content-Length instead.
            return .failure(Fault(status: maxBodyBytes == 0 ? .contentTooLarge : .lengthRequired))
        }

        var length: Int?
        for field in contentLengths {
            for element in field.split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = Self.decimal(element) else { return .failure(.badRequest) }
                if let length, length != value { return .failure(.badRequest) }
                length = value
            }
        }
        guard let length else { return .success(0) }
        return length > maxBodyBytes ? .failure(Fault(status: .contentTooLarge)) : .success(length)
    }

    /// `OWS 1*DIGIT OWS`, saturating at `Int.max` (any such length is refused as too large
    /// anyway); nil when there are no digits or anything else.
    private static func decimal(_ element: Substring) -> Int? {
        var value = 0
        var digits = 0
        var trailing = false  // whitespace after the digits
        for b in element.utf8 {
            if ASCII.isWhitespace(b) {
                trailing = digits > 0
                continue
            }
            guard ASCII.isDigit(b), !trailing else { return nil }
            digits += 1
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(b - 0x30))
            value = o1 || o2 ? Int.max : sum
        }
        return digits > 0 ? value : nil
    }
}
