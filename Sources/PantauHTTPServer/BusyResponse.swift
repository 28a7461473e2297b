import Glibc
import PantauHTTP
import PantauSystem

/// The `503` for a connection past `maxConnections` (or arriving while the server stops),
/// rendered by `HTTPResponseHead` like every other answer.
enum BusyResponse {
    static let body = Array("503 Service Unavailable: too many connections, retry later\n".utf8)

    /// Head and body; `date` is the `Date` value.
    static func render(date: String) -> [UInt8] {
        var headers = HTTPHeaders()
        headers.add(name: "Date", value: date)
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Retry-After", value: "5")
        var bytes: [UInt8] = []
        HTTPResponseHead.render(status: .serviceUnavailable, headers: headers, contentLength: body.count,
                                keepAlive: false, into: &bytes)
        return bytes + body
    }

    /// The refusal when no connection may wait for a lingering close (past `maxRefusing`, or
    /// stopping): sends the answer, shuts the sending side, reads what the client already sent
    /// (closing with unread input would make the kernel reset the connection at once), closes.
    /// A request still on its way can meet a reset; the lingering close of `HTTPConnection.refuse`
    /// is what avoids that.
    static func refuseAtOnce(_ fd: Int32) {
        let bytes = render(date: HTTPDate.format(time(nil)))
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(fd, Int32(SHUT_WR))
        discardInput(fd)
        close(fd)
    }

    /// Reads and drops what a non-blocking socket has received, up to 256 KiB.
    static func discardInput(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        for _ in 0..<16 {
            let n = scratch.withUnsafeMutableBytes { buffer in
                (try? SystemCall.nonBlocking("recv") { recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT)) }) ?? .wouldBlock
            }
            guard case .processed(let count) = n, count > 0 else { return }
        }
    }
}
