/// Reading a complete head: request line, field lines, then the framing rules of RFC 9112 §6.
extension HTTPRequestParser {
    /// Parses a head from its first byte through the LF of the blank line that ends it. Returns
    /// `.request` or `.error`, never `.needMore`.
    func parseHead(_ p: UnsafeBufferPointer<UInt8>) -> Result {
        var lines: [Range<Int>] = []
        var start = 0
        for i in p.indices where p[i] == ASCII.lf {
            let end = i > start && p[i - 1] == ASCII.cr ? i - 1 : i
            lines.append(start..<end)
            start = i + 1
        }
        // The scanner hands over a request line, field lines and an empty line.
        guard lines.count >= 2, let blank = lines.last, blank.isEmpty else { return .error(.badRequest) }

        let requestLine: (method: HTTPMethod, target: String, version: HTTPVersion)
        switch parseRequestLine(UnsafeBufferPointer(rebasing: p[lines[0]])) {
        case .success(let parsed): requestLine = parsed
        case .failure(let fault): return .error(fault.status)
        }

        var headers = HTTPHeaders()
        for line in lines[1..<(lines.count - 1)] {
            let bytes = UnsafeBufferPointer(rebasing: p[line])
            // A line that starts with whitespace is obs-fold (or whitespace before the first field):
            // RFC 9112 §5.2 and §2.2 let a server refuse both.
            guard let first = bytes.first, !ASCII.isWhitespace(first),
                  let colon = bytes.firstIndex(of: ASCII.colon) else { return .error(.badRequest) }
            let name = bytes[bytes.startIndex..<colon]
            // A name must be a token: this also refuses whitespace before the colon (§5.1).
            guard ASCII.isToken(name) else { return .error(.badRequest) }
            let rawValue = bytes[(colon + 1)...]
            guard rawValue.allSatisfy(ASCII.isFieldValueByte) else { return .error(.badRequest) }
            headers.add(name: String(decoding: name, as: UTF8.self),
                        value: String(decoding: ASCII.trimmed(rawValue), as: UTF8.self))
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
        guard let firstSpace = line.firstIndex(of: ASCII.space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: ASCII.space) else { return .failure(.badRequest) }
        let method = line[line.startIndex..<firstSpace]
        let target = line[(firstSpace + 1)..<secondSpace]
        let version = line[(secondSpace + 1)...]
        guard ASCII.isToken(method) else { return .failure(.badRequest) }

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
        let v = Array(version)
        guard v.count == Self.versionBytes, v[0..<5].elementsEqual("HTTP/".utf8),
              (0x30...0x39).contains(v[5]), v[6] == 0x2E, (0x30...0x39).contains(v[7]) else { return .failure(.badRequest) }
        let parsedVersion: HTTPVersion
        switch (v[5] - 0x30, v[7] - 0x30) {
        case (1, 0): parsedVersion = .http1_0
        case (1, _): parsedVersion = .http1_1
        default: return .failure(Fault(status: .httpVersionNotSupported))
        }

        // Visible ASCII only: no controls, spaces or raw non-ASCII bytes (RFC 3986).
        guard !target.isEmpty, target.allSatisfy({ (0x21...0x7E).contains($0) }) else { return .failure(.badRequest) }
        guard target.count <= maxTargetBytes else { return .failure(Fault(status: .uriTooLong)) }
        let parsedMethod = HTTPMethod(String(decoding: method, as: UTF8.self))
        guard Self.isAcceptedForm(target, method: parsedMethod) else { return .failure(.badRequest) }
        return .success((parsedMethod, String(decoding: target, as: UTF8.self), parsedVersion))
    }

    /// origin-form (`/path?query`), absolute-form (`http://host/path`, which a server must accept),
    /// or `*` for OPTIONS (RFC 9112 §3.2). authority-form is for CONNECT, which Pantau does not do.
    private static func isAcceptedForm(_ target: Slice<UnsafeBufferPointer<UInt8>>, method: HTTPMethod) -> Bool {
        guard let first = target.first else { return false }
        if first == ASCII.slash { return true }
        if target.count == 1, first == 0x2A { return method == .options }
        for scheme in ["http://", "https://"] where target.count > scheme.utf8.count
            && ASCII.equalsIgnoringCase(target.prefix(scheme.utf8.count), scheme.utf8) {
            // The authority must not be empty.
            let afterScheme = target.dropFirst(scheme.utf8.count)
            return afterScheme.first != ASCII.slash && afterScheme.first != ASCII.question
        }
        return false
    }

    /// How many body bytes follow the head, under the rules of RFC 9112 §6 that defend against
    /// request smuggling: `Transfer-Encoding` with `Content-Length` is refused, as is
    /// `Transfer-Encoding` in HTTP/1.0 or without `chunked` last, and `Content-Length` must be one
    /// decimal number, repeated only with the same value. HTTP/1.1 requires exactly one `Host`.
    private func bodyLength(of request: HTTPRequestHead) -> Swift.Result<Int, Fault> {
        let hosts = request.headers.values(for: "Host")
        if hosts.count > 1 || (hosts.isEmpty && request.version == .http1_1) { return .failure(.badRequest) }

        let contentLengths = request.headers.values(for: "Content-Length")
        if request.headers.contains("Transfer-Encoding") {
            guard contentLengths.isEmpty, request.version == .http1_1,
                  let last = request.headers.listElements(for: "Transfer-Encoding").last,
                  ASCII.equalsIgnoringCase(last.utf8, "chunked".utf8) else { return .failure(.badRequest) }
            // A chunked body's size shows only at its end; Pantau has no use for request bodies,
            // so it does not decode chunks: with bodies allowed, ask for a Content-Length instead.
            return .failure(Fault(status: maxBodyBytes == 0 ? .contentTooLarge : .lengthRequired))
        }

        var length: Int?
        for field in contentLengths {
            for element in field.utf8.split(separator: ASCII.comma, omittingEmptySubsequences: false) {
                guard let value = Self.decimal(ASCII.trimmed(element)) else { return .failure(.badRequest) }
                if let length, length != value { return .failure(.badRequest) }
                length = value
            }
        }
        guard let length else { return .success(0) }
        return length > maxBodyBytes ? .failure(Fault(status: .contentTooLarge)) : .success(length)
    }

    /// `1*DIGIT`, saturating at `Int.max` (any such length is refused as too large anyway); nil
    /// when empty or not all digits.
    private static func decimal<C: Collection<UInt8>>(_ digits: C) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for d in digits {
            guard (0x30...0x39).contains(d) else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(d - 0x30))
            value = o1 || o2 ? Int.max : sum
        }
        return value
    }
}
