import Foundation
import Glibc
import PantauSystem

/// An `/events` client: the request, the response head, then the stream through the WHATWG
/// parser (`SSEStreamParser`), each message stamped with the wall time it was parsed.
package final class SSETestClient {
    package let client: HTTPTestClient
    package let head: HTTPTestResponse
    private var parser = SSEStreamParser()
    /// Set when the response is chunked (a proxy in front of the daemon).
    private var chunked: ChunkedDecoder?
    private var queue: [(message: SSEMessage, received: Date)] = []
    /// Every message read so far, in order.
    package private(set) var all: [SSEMessage] = []
    /// Whether the server closed the stream.
    package private(set) var ended = false

    package init(port: UInt16, target: String = "/events", headers: [(String, String)] = [], receiveBuffer: Int32? = nil) throws {
        client = try HTTPTestClient(port: port, receiveBuffer: receiveBuffer, timeout: 1)
        var request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try client.send(request + "\r\n")
        var response: HTTPTestResponse?
        for _ in 0..<10 where response == nil { response = try? client.readResponse(headOnly: true) }
        guard let response else { throw ServedDaemonError("no response head for \(target)") }
        head = response
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" { chunked = ChunkedDecoder() }
        // Short receive waits from here on, so `next(within:)` keeps to its deadline (a blocking
        // read would otherwise overrun it by up to the client's whole timeout).
        var tv = timeval(tv_sec: 0, tv_usec: 20_000)
        setsockopt(client.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        absorb(client.take(client.buffer.count))
    }

    package var retry: Int? { parser.retry }
    package var comments: [String] { parser.comments }

    private func absorb(_ received: [UInt8]) {
        let now = Date()
        var bytes = received
        if chunked != nil {
            bytes = chunked!.feed(received)
            if chunked!.finished { ended = true }
        }
        for m in parser.feed(bytes) {
            queue.append((m, now))
            all.append(m)
        }
    }

    /// The next message, waiting up to `seconds`; nil on timeout or end of stream.
    package func next(within seconds: Double = 5) -> (message: SSEMessage, received: Date)? {
        let deadline = Date().addingTimeInterval(seconds)
        while queue.isEmpty && !ended && Date() < deadline {
            if client.fill() {
                absorb(client.take(client.buffer.count))
            } else if errno != EAGAIN && errno != EWOULDBLOCK {
                ended = true
            }
        }
        return queue.isEmpty ? nil : queue.removeFirst()
    }

    /// The next message of type `type`, skipping others (kept in `all`).
    package func next(_ type: String, within seconds: Double = 5) -> (message: SSEMessage, received: Date)? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let m = next(within: deadline.timeIntervalSinceNow) else { return nil }
            if m.message.type == type { return m }
        }
        return nil
    }

    /// Reads for `seconds` and returns what came.
    package func drain(for seconds: Double) -> [SSEMessage] {
        var out: [SSEMessage] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, let m = next(within: max(0.01, deadline.timeIntervalSinceNow)) { out.append(m.message) }
        return out
    }

    /// Waits up to `firstWithin` for a message, then reads until none has come for `quietFor`
    /// seconds (or `atMost` seconds have passed: periodic `metrics` never fall quiet): what a
    /// burst brought, without sleeping a fixed time.
    package func drain(firstWithin: Double = 3, quietFor: Double = 0.3, atMost: Double = 1.5) -> [SSEMessage] {
        guard let first = next(within: firstWithin) else { return [] }
        let deadline = Date().addingTimeInterval(atMost)
        var out = [first.message]
        while Date() < deadline, let m = next(within: min(quietFor, max(0.01, deadline.timeIntervalSinceNow))) { out.append(m.message) }
        return out
    }
}
