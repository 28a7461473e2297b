import Foundation
import PantauTestKit
import Testing

/// contrib/prometheus: the rules are valid (`promtool check rules`), every alert behaves as its unit
/// tests say (`promtool test rules`), and every metric they name is one a real `pantau serve` exports.
@Suite struct PrometheusRulesTests {
    static let dir = TestPaths.repository.appendingPathComponent("contrib/prometheus")

    static func promtool() throws -> URL {
        try #require(ExpositionCheckerTests.tool("promtool"), "promtool not found (Debian package prometheus)")
    }

    @Test func promtoolChecksTheRulesAndTheirUnitTests() throws {
        let check = try ProcessRunner.run(try Self.promtool(), ["check", "rules", Self.dir.appendingPathComponent("pantau.rules.yml").path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let config = try ProcessRunner.run(try Self.promtool(), ["check", "config", Self.dir.appendingPathComponent("prometheus.yml").path])
        #expect(config.status == 0, "\(config.stdout)\(config.stderr)")
        let test = try ProcessRunner.run(try Self.promtool(), ["test", "rules", Self.dir.appendingPathComponent("pantau.rules.test.yml").path])
        #expect(test.status == 0 && test.stdout.contains("SUCCESS"), "\(test.stdout)\(test.stderr)")
    }

    @Test func everyAlertHasAUnitTest() throws {
        let rules = try String(contentsOf: Self.dir.appendingPathComponent("pantau.rules.yml"), encoding: .utf8)
        let tests = try String(contentsOf: Self.dir.appendingPathComponent("pantau.rules.test.yml"), encoding: .utf8)
        let alerts = rules.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("- alert: ") ? String(t.dropFirst("- alert: ".count)) : nil
        }
        #expect(alerts.count >= 11)
        for alert in alerts {
            // Each is tested both silent and firing.
            #expect(tests.components(separatedBy: "alertname: \(alert)\n").count - 1 >= 2, "\(alert)")
        }
    }

    @Test func everyMetricTheRulesNameIsExported() throws {
        let rules = try String(contentsOf: Self.dir.appendingPathComponent("pantau.rules.yml"), encoding: .utf8)
        let named = ExportedMetrics.names(in: rules)
        #expect(named.count >= 10)
        let missing = try ExportedMetrics.missing(named, daemon: "rules-metrics")
        #expect(missing.isEmpty, "not exported: \(missing)")
    }
}
