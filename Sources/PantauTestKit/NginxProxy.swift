import Foundation
import Glibc

/// A real nginx (Debian `nginx-light`) running contrib/nginx/pantau.conf in front of daemons under
/// test: the file as shipped, with its upstream servers and listen line set to the test's. One
/// process (`master_process off`: no worker left behind when it is killed), stopped (SIGKILL) when
/// dropped.
package final class NginxProxy {
    package static let binary = "/usr/sbin/nginx"
    package static var available: Bool { access(binary, X_OK) == 0 }
    package static let shipped = TestPaths.repository.appendingPathComponent("contrib/nginx/pantau.conf")

    package let dir: URL
    /// The HTTP/1.1 port.
    package let port: UInt16
    /// The cleartext HTTP/2 port (prior knowledge), when asked for.
    package let http2Port: UInt16?
    private let process: ChildProcess

    /// `upstreams`: `host:port` of each server; the second and later are marked `backup`, as the
    /// shipped file suggests for an HA pair.
    package init(upstreams: [String], http2: Bool = false) throws {
        let dir = try TestPaths.scratch("nginx")
        self.dir = dir
        do {
            port = try HTTPTestClientPort.free()
            http2Port = http2 ? try HTTPTestClientPort.free() : nil
            var site = try String(contentsOf: Self.shipped, encoding: .utf8)
            let servers = upstreams.enumerated().map { "    server \($1)\($0 == 0 ? "" : " backup") max_fails=1 fail_timeout=5s;" }
            guard site.contains("    server 127.0.0.1:9747;"), site.contains("    listen 80;") else {
                throw ServedDaemonError("contrib/nginx/pantau.conf no longer has the lines the test sets")
            }
            site = site.replacingOccurrences(of: "    server 127.0.0.1:9747;", with: servers.joined(separator: "\n"))
            var listen = "    listen 127.0.0.1:\(port);"
            if let http2Port { listen += "\n    listen 127.0.0.1:\(http2Port) http2;" }
            site = site.replacingOccurrences(of: "    listen 80;", with: listen)
            try site.write(to: dir.appendingPathComponent("pantau.conf"), atomically: true, encoding: .utf8)
            let path = dir.path
            try """
                daemon off;
                master_process off;
                pid \(path)/nginx.pid;
                error_log \(path)/error.log info;
                events { worker_connections 1024; }
                http {
                    access_log \(path)/access.log;
                    client_body_temp_path \(path)/body;
                    proxy_temp_path \(path)/proxy;
                    fastcgi_temp_path \(path)/fastcgi;
                    uwsgi_temp_path \(path)/uwsgi;
                    scgi_temp_path \(path)/scgi;
                    include \(path)/pantau.conf;
                }
                """.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            process = try ChildProcess(Self.binary, ["-p", path, "-c", "\(path)/nginx.conf", "-e", "\(path)/error.log"],
                                       output: "\(path)/stdout.log")
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        let port = port
        guard Polling.waitUntil(10, { (try? HTTPTestClient(port: port, timeout: 1)) != nil }) else {
            throw ServedDaemonError("nginx did not listen: \(errorLog)")
        }
    }

    package var errorLog: String { (try? String(contentsOf: dir.appendingPathComponent("error.log"), encoding: .utf8)) ?? "" }
    package var accessLog: String { (try? String(contentsOf: dir.appendingPathComponent("access.log"), encoding: .utf8)) ?? "" }

    deinit {
        process.kill9()
        try? FileManager.default.removeItem(at: dir)
    }
}
