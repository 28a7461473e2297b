import Foundation
import Glibc

/// A blocking loopback TCP client with a receive timeout, that reads one HTTP/1.1 response and
/// tells a reset (ECONNRESET) from an orderly close.
final class TestSocket {
    let fd: Int32
    private(set) var received: [UInt8] = []
    /// The errno that ended the last read, if it was not an orderly EOF (ECONNRESET for a reset).
    private(set) var readError: Int32?

    init(port: UInt16, receiveBuffer: Int32? = nil, timeout: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSocketError("socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            Glibc.close(fd)
            throw TestSocketError("connect: \(String(cString: strerror(e)))")
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the peer closes (or resets, or the timeout passes); true for an orderly EOF.
    @discardableResult
    func readToEnd() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { received += chunk[0..<n]; continue }
            if n == 0 { readError = nil; return true }
            if errno == EINTR { continue }
            readError = errno
            return false
        }
    }

    /// Reads until `received` holds a whole response head and its `Content-Length` body.
    func readResponse() -> TestResponse? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let r = TestResponse(parsing: received) { return r }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { received += chunk[0..<n]; continue }
            if n < 0 && errno == EINTR { continue }
            readError = n < 0 ? errno : nil
            return nil
        }
    }

    /// Consumes the first `count` received bytes.
    func consume(_ count: Int) { received.removeFirst(count) }
}

/// A response head and body as `TestSocket` read them.
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: String
    /// Head and body bytes.
    var length: Int

    /// Nil until `bytes` holds the head and as much body as `Content-Length` says.
    init?(parsing bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        var lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        headers = lines.map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        self.status = status
        let headBytes = text[..<end.upperBound].utf8.count
        let bodyLength = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        guard bytes.count >= headBytes + bodyLength else { return nil }
        body = String(decoding: bytes[headBytes..<(headBytes + bodyLength)], as: UTF8.self)
        length = headBytes + bodyLength
    }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

struct TestSocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
