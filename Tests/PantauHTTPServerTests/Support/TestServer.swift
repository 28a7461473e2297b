import Foundation
import Glibc
import PantauHTTP
@testable import PantauHTTPServer

/// An `HTTPServer` in the test process on a free loopback port, with tight limits chosen by the
/// test, behind a `TestHandler`. Stopped on deinit.
final class TestServer {
    let server: HTTPServer
    let port: UInt16

    init(shards: Int = 1, _ adjust: (inout HTTPServerLimits) -> Void = { _ in }) throws {
        var limits = HTTPServerLimits()
        adjust(&limits)
        server = try HTTPServer(limits: limits, handler: TestHandler(), shards: shards)
        let bound = try server.listen(on: ListenAddress(host: "127.0.0.1", port: 0))
        port = UInt16(bound[0].split(separator: ":").last!)!
        server.start()
    }

    deinit { server.stop() }

    var statistics: HTTPServerStatistics { server.statistics }

    /// Waits up to `seconds` for `condition`, checking every 20 ms.
    func wait(seconds: Double = 5, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            usleep(20_000)
        }
        return true
    }
}

/// `/stream?bytes=N`: a stream whose first bytes are N bytes of `x` (default 16), then silence.
/// `/big?bytes=N`: a plain response of N bytes of `x`. Anything else: `200 ok`.
final class TestHandler: HTTPRequestHandler {
    func respond(to request: HTTPRequestHead, on connection: HTTPConnection) -> HTTPResponse {
        if request.path == "/stream" {
            let bytes = Int(request.queryValues(for: "bytes").first ?? "") ?? 16
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/event-stream"],
                                body: ByteChunk([UInt8](repeating: 0x78, count: bytes)), isStream: true)
        }
        if request.path == "/big" {
            let bytes = Int(request.queryValues(for: "bytes").first ?? "") ?? 16
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"],
                                body: ByteChunk([UInt8](repeating: 0x78, count: bytes)))
        }
        return .plain(.ok, "ok")
    }
}
