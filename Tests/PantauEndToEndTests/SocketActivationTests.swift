import Foundation
import Glibc
import Testing
import PantauTestKit

/// A listening socket handed in the systemd way (`LISTEN_FDS`), here by `systemd-socket-activate`.
@Suite struct SocketActivationTests {
    @Test func servesOnTheSocketItIsGivenAndIgnoresListen() throws {
        let dir = try TestPaths.scratch("http-activation")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A free port: bind 0, read it, close (the activator binds it again at once).
        let probe = try HTTPTestClientPort.free()
        let conf = dir.appendingPathComponent("pantau.conf")
        // Listen= names an address that would fail to bind; with a socket passed it is not used.
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\nListen=192.0.2.1:1\n[Channel chat]\nFirstResponse=1min\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        let log = dir.appendingPathComponent("serve.log")
        let p = try ChildProcess("/usr/bin/systemd-socket-activate",
                                 ["-l", "127.0.0.1:\(probe)", TestPaths.binary.path, "serve", "--config", conf.path], output: log.path)
        defer { p.send(SIGTERM); p.waitUntilExit() }
        // The activator listens at once and starts pantau on the first connection.
        var response: HTTPTestResponse?
        let deadline = Date().addingTimeInterval(20)
        while response == nil && Date() < deadline {
            if let c = try? HTTPTestClient(port: probe) {
                try? c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
                response = try? c.readResponse()
            }
            if response == nil { usleep(100_000) }
        }
        #expect(response?.status == 200)
        #expect(response?.text.contains(#"pantau_queue_depth{channel="chat"} 0"#) == true)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(text.contains("listening on a socket passed by systemd ADDRESS=127.0.0.1:\(probe)"), "\(text)")
    }
}
