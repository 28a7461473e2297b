import Foundation
import Glibc
import PantauSystem

/// A blocking TCP client over POSIX sockets (receive timeout 10 s) that reads HTTP/1.1 responses
/// exactly: by `Content-Length`, or to the close.
package final class HTTPTestClient: @unchecked Sendable {
    package let fd: Int32
    /// Bytes received and not yet consumed.
    package private(set) var buffer: [UInt8] = []

    package init(port: UInt16, host: String = "127.0.0.1", receiveBuffer: Int32? = nil, timeout: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServedDaemonError("socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            Glibc.close(fd)
            throw ServedDaemonError("connect to port \(port): \(String(cString: strerror(e)))")
        }
    }

    deinit { Glibc.close(fd) }

    package func send(_ text: String) throws { try send(Array(text.utf8)) }

    package func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 { throw ServedDaemonError("send: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Reads more bytes into `buffer`; false at EOF or on a timeout or error.
    @discardableResult
    package func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { errno = 0 }  // end of stream: not a timeout (callers tell them apart by errno)
        guard n > 0 else { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Takes `count` bytes off the front of the buffer.
    package func take(_ count: Int) -> [UInt8] {
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Reads the next response. `head`: the request was HEAD (no body whatever the length says).
    /// `headOnly`: stop after the head (a stream follows; its bytes stay in `buffer`).
    package func readResponse(head: Bool = false, headOnly: Bool = false) throws -> HTTPTestResponse {
        var end: Int?
        while true {
            if let e = Self.find([13, 10, 13, 10], in: buffer) { end = e; break }
            guard fill() else { throw ServedDaemonError("connection ended before a response head (\(buffer.count) bytes)") }
        }
        let headText = String(decoding: take(end! + 4), as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw ServedDaemonError("bad status line in \(headText)")
        }
        let headers = lines.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = HTTPTestResponse(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || headOnly { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length {
                guard fill() else { throw ServedDaemonError("body ended after \(buffer.count) of \(length) bytes") }
            }
            response.body = take(length)
        } else {
            while fill() {}
            response.body = take(buffer.count)
        }
        return response
    }

    /// Whether the peer closes (EOF or reset) within `seconds`, reading and keeping what still comes.
    package func readsEOF(within seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 {
                if errno == ECONNRESET { return true }
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return false
            }
            buffer += chunk[0..<n]
        }
        return false
    }

    package static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
