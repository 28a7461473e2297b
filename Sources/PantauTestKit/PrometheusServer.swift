import Foundation
import Glibc

/// A real Prometheus (Debian `prometheus`) with contrib/prometheus/pantau.rules.yml, scraping and
/// evaluating every second, on a scratch data directory; killed and removed when dropped. Its HTTP
/// API is read through curl (the answers are chunked, which the test client does not read).
package final class PrometheusServer {
    package static let binary = "/usr/bin/prometheus"
    package static var available: Bool { access(binary, X_OK) == 0 }
    package static let rules = TestPaths.repository.appendingPathComponent("contrib/prometheus/pantau.rules.yml")

    package let dir: URL
    package let port: UInt16
    private let process: ChildProcess

    /// `scrapeConfigs`: the YAML list under `scrape_configs:` (each item starting `- job_name:`),
    /// indented by two spaces.
    package init(scrapeConfigs: String) throws {
        let dir = try TestPaths.scratch("prometheus")
        self.dir = dir
        do {
            port = try HTTPTestClientPort.free()
            try """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ["\(Self.rules.path)"]
                scrape_configs:
                \(scrapeConfigs)
                """.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
            process = try ChildProcess(Self.binary, ["--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/data",
                                                     "--web.listen-address=127.0.0.1:\(port)"], output: dir.appendingPathComponent("prometheus.log").path)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    deinit {
        process.kill9()
        try? FileManager.default.removeItem(at: dir)
    }

    package var log: String { (try? String(contentsOf: dir.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? "" }

    /// A GET of the HTTP API, with `query` URL-encoded.
    package func api(_ path: String, query: String? = nil) throws -> String {
        var arguments = ["-s", "-m", "10", "--get", "http://127.0.0.1:\(port)\(path)"]
        if let query { arguments += ["--data-urlencode", "query=\(query)"] }
        return try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments).stdout
    }

    /// An instant query's result vector (each item `metric` and `value`); empty on any error.
    package func query(_ expression: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(try api("/api/v1/query", query: expression).utf8)) as? [String: Any]
        return ((json?["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
    }

    /// An instant query's result as `{labels}` (sorted, `__name__` left out) → value.
    package func vector(_ expression: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for item in try query(expression) {
            let metric = (item["metric"] as? [String: String] ?? [:]).filter { $0.key != "__name__" }
            let labels = metric.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            let value = (item["value"] as? [Any])?.last as? String ?? ""
            out[ExpositionSample.render(labels)] = value == "NaN" ? .nan : Double(value) ?? .nan
        }
        return out
    }
}
