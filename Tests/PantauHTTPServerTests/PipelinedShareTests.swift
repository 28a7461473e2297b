import Foundation
import Glibc
import PantauHTTP
import Synchronization
import Testing
@testable import PantauHTTPServer

/// A connection pipelining requests is served a share per turn of its shard's loop: at most
/// `requestsPerTurn` requests and, since a large answer costs as much as many small ones, at most
/// `bytesPerTurn` of answers; then the other ready connections have their turn.
@Suite struct PipelinedShareTests {
    /// Records which connection each `/big` request came on. `/slow` holds the shard for 50 ms, so
    /// that requests sent meanwhile on two connections are ready in the same turn.
    final class RecordingHandler: HTTPRequestHandler, Sendable {
        let order = Mutex<[ObjectIdentifier]>([])
        func respond(to request: HTTPRequestHead, on connection: HTTPConnection) -> HTTPResponse {
            if request.path == "/slow" {
                usleep(200_000)
                return .plain(.ok, "ok")
            }
            order.withLock { $0.append(ObjectIdentifier(connection)) }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"],
                                body: ByteChunk([UInt8](repeating: 0x78, count: 30_000)))
        }
    }

    /// The longest run of requests served on one connection without the other's in between, when
    /// two connections each pipeline ten requests for 30,000-byte answers (ready in the same turn)
    /// and read them all.
    static func longestRun(bytesPerTurn: Int) throws -> Int {
        var limits = HTTPServerLimits()
        limits.bytesPerTurn = bytesPerTurn
        let handler = RecordingHandler()
        let server = try HTTPServer(limits: limits, handler: handler, shards: 1)
        defer { server.stop() }
        let port = UInt16(try server.listen(on: ListenAddress(host: "127.0.0.1", port: 0))[0].split(separator: ":").last!)!
        server.start()
        let a = try TestSocket(port: port), b = try TestSocket(port: port), slow = try TestSocket(port: port)
        slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(10_000)  // the shard is now in /slow
        let ten = String(repeating: "GET /big HTTP/1.1\r\nHost: x\r\n\r\n", count: 10)
        a.send(ten)
        b.send(ten)
        #expect(slow.readResponse()?.status == 200)
        for socket in [a, b] {
            for _ in 0..<10 {
                guard let r = socket.readResponse() else { Issue.record("an answer is missing"); return 0 }
                #expect(r.status == 200)
                socket.consume(r.length)
            }
        }
        let order = handler.order.withLock { $0 }
        #expect(order.count == 20)
        var longest = 0, run = 0
        for (i, c) in order.enumerated() {
            run = i > 0 && order[i - 1] == c ? run + 1 : 1
            longest = max(longest, run)
        }
        return longest
    }

    @Test func largeAnswersEndAConnectionsTurnAfter64KiB() throws {
        // 30,000 bytes an answer: the third passes 64 KiB, so at most three in a row.
        #expect(try Self.longestRun(bytesPerTurn: 64 * 1024) <= 3)
        // Without the byte share only the request share (16) applies: all ten in a row.
        #expect(try Self.longestRun(bytesPerTurn: .max) == 10)
    }
}
