/// Writes HTTP/1.1 response heads. Clock-free: the caller adds `Date` (and everything else about
/// the content) to `headers`.
public enum HTTPResponseHead {
    /// Appends `HTTP/1.1 <code> <reason>`, the caller's fields, then `Content-Length` and
    /// `Connection`, then the blank line, to `buffer`. Returns whether the connection may persist
    /// after this response's body.
    ///
    /// - `contentLength`: the body's size; written except for statuses that have no content
    ///   (1xx, 204). For a `HEAD` response pass the size a `GET` would have and send no body. With
    ///   nil, no `Content-Length` is written: statuses without content end at the head, any other
    ///   body (server-sent events) runs until the server closes, so `Connection: close` is written
    ///   whatever `keepAlive` says.
    /// - `keepAlive`: what the request asked for (`HTTPRequestHead.keepAlive`) and the server grants.
    ///   Written as `Connection: keep-alive` or `Connection: close`; HTTP/1.0 clients need the
    ///   former spelled out.
    /// - `headers`: written in order. `Content-Length` and `Connection` fields in it are skipped
    ///   (the renderer owns them), as are fields whose name is not a token; CR, LF and other
    ///   control bytes in values are written as spaces, so no value can split the head.
    @discardableResult
    public static func render(status: HTTPStatus, headers: HTTPHeaders, contentLength: Int?, keepAlive: Bool,
                              into buffer: inout [UInt8]) -> Bool {
        let code = (100...999).contains(status.code) ? status.code : 500
        let reason = code == status.code ? status.reasonPhrase : HTTPStatus.internalServerError.reasonPhrase
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(code, to: &buffer)
        buffer.append(ASCII.space)
        appendSanitized(reason, to: &buffer)
        buffer.append(contentsOf: "\r\n".utf8)

        for (name, value) in headers.fields {
            guard ASCII.isToken(name), !HTTPHeaders.sameName(name, "Content-Length"),
                  !HTTPHeaders.sameName(name, "Connection") else { continue }
            buffer.append(contentsOf: name.utf8)
            buffer.append(contentsOf: ": ".utf8)
            appendSanitized(value, to: &buffer)
            buffer.append(contentsOf: "\r\n".utf8)
        }

        let noContent = (100..<200).contains(code) || code == 204
        if let contentLength, !noContent {
            buffer.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(max(0, contentLength), to: &buffer)
            buffer.append(contentsOf: "\r\n".utf8)
        }
        let persists = keepAlive && (contentLength != nil || HTTPStatus(code: code).hasNoContent)
        buffer.append(contentsOf: persists ? "Connection: keep-alive\r\n\r\n".utf8 : "Connection: close\r\n\r\n".utf8)
        return persists
    }

    /// Control characters other than tab become spaces; clean text (the usual case) is one copy.
    private static func appendSanitized(_ text: String, to buffer: inout [UInt8]) {
        func allowed(_ b: UInt8) -> Bool { b == ASCII.tab || (b >= 0x20 && b != 0x7F) }
        var text = text
        text.withUTF8 { bytes in
            if bytes.allSatisfy(allowed) {
                buffer.append(contentsOf: bytes)
            } else {
                for b in bytes { buffer.append(allowed(b) ? b : ASCII.space) }
            }
        }
    }

    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        repeat {
            buffer.append(UInt8(0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        } while divisor > 0
    }
}
