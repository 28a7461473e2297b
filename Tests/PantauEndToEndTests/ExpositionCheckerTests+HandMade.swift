import Foundation
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

extension ExpositionCheckerTests {
    // MARK: Hand-made inputs

    static let text = """
        # HELP req_total Requests, "quoted" and with a \\\\ backslash.
        # TYPE req_total counter
        req_total{code="200",path="/a\\"b\\\\c\\nd"} 3
        req_total{code="500",} 1 1700000000000
        # HELP lat_seconds Latency.
        # TYPE lat_seconds histogram
        lat_seconds_bucket{le="0.5"} 1
        lat_seconds_bucket{le="1"} 2
        lat_seconds_bucket{le="+Inf"} 3
        lat_seconds_sum 2.5
        lat_seconds_count 3
        # a comment

        # TYPE temp gauge
        temp  NaN

        """

    static let openMetrics = """
        # HELP req Requests, \\"quoted\\".
        # TYPE req counter
        req_total{code="200",path="/a\\"b\\\\c\\nd"} 3 # {trace_id="x"} 1.0 1.7e9
        req_created{code="200",path="/a\\"b\\\\c\\nd"} 1.7e9
        # TYPE lat_seconds histogram
        # UNIT lat_seconds seconds
        lat_seconds_bucket{le="0.5"} 1
        lat_seconds_bucket{le="1.0"} 2
        lat_seconds_bucket{le="+Inf"} 3
        lat_seconds_sum 2.5
        lat_seconds_count 3
        # TYPE temp gauge
        temp -Inf 1.7e9
        # EOF

        """

    @Test func validHandMadeInputsHaveNoProblems() {
        let t = ExpositionChecker.parse(Self.text, openMetrics: false)
        #expect(t.problems == [])
        #expect(t.family("req_total")?.help == "Requests, \"quoted\" and with a \\ backslash.")
        #expect(t.value(of: "req_total", labels: ["code": "200", "path": "/a\"b\\c\nd"]) == 3)
        #expect(t.value(of: "temp")?.isNaN == true)
        let o = ExpositionChecker.parse(Self.openMetrics, openMetrics: true)
        #expect(o.problems == [])
        #expect(o.family("req")?.help == "Requests, \"quoted\".")
        #expect(o.value(of: "req_total", labels: ["code": "200", "path": "/a\"b\\c\nd"]) == 3)
        #expect(o.value(of: "temp") == -.infinity)
        #expect(o.value(of: "lat_seconds_bucket", labels: ["le": "+Inf"]) == 3)
        #expect(o.families.map(\.samples.count) == [2, 5, 1])
    }

    /// Expects exactly one problem of `input` per fragment, in order, each containing its fragment.
    static func problems(_ input: String, openMetrics: Bool, _ fragments: String...,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let found = ExpositionChecker.problems(in: input, openMetrics: openMetrics)
        #expect(found.count == fragments.count && zip(found, fragments).allSatisfy { $0.contains($1) }, "\(found)",
                sourceLocation: sourceLocation)
    }

    static func textWith(_ old: String, _ new: String) -> String {
        precondition(text.contains(old))
        return text.replacingOccurrences(of: old, with: new)
    }

    static func openMetricsWith(_ old: String, _ new: String) -> String {
        precondition(openMetrics.contains(old))
        return openMetrics.replacingOccurrences(of: old, with: new)
    }

    @Test func malformedLines() {
        for bad in ["temp{a=\"b\" 1", "temp 1 2 3", "temp abc", "temp", "9temp 1", "temp{a=b} 1", "temp{a=\"b\"", "temp 0x10",
                    "temp 1 1.5", "temp{a=\"b\",,} 1", "temp{=\"b\"} 1"] {
            Self.problems(Self.textWith("temp  NaN", bad), openMetrics: false, "malformed line")
        }
        Self.problems(Self.textWith("# TYPE temp gauge", "# TYPE temp gauges"), openMetrics: false,
                      "line 14: malformed line (not a text 0.0.4 type): # TYPE temp gauges", "line 15: sample temp has no # TYPE")
        for bad in ["temp  1", "temp 1 ", "temp{a=\"b\",} 1", "temp{a=\"b\"}  1", "temp 1 2 3", "temp\t1"] {
            Self.problems(Self.openMetricsWith("temp -Inf 1.7e9", bad), openMetrics: true, "malformed line")
        }
        Self.problems(Self.openMetricsWith("# TYPE temp gauge\n", "# TYPE temp gauge\n\n"), openMetrics: true, "blank line")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge\n", "# TYPE temp gauge\n# a comment\n"), openMetrics: true, "allows only")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge", "# TYPE temp untyped"), openMetrics: true,
                      "line 12: malformed line (not an OpenMetrics type): # TYPE temp untyped", "line 13: sample temp has no # TYPE")
        Self.problems(String(Self.text.dropLast()), openMetrics: false, "no line feed")
    }

    @Test func aSampleBeforeItsType() {
        Self.problems(Self.textWith("# TYPE temp gauge\ntemp  NaN", "temp  NaN\n# TYPE temp gauge"), openMetrics: false,
                      "sample temp comes before its family's # TYPE (line 15)")
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\nother 1"), openMetrics: false, "sample other has no # TYPE")
        Self.problems("# HELP temp Temperature.\ntemp 1\n", openMetrics: false, "has no # TYPE (family temp has only # HELP)")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge\ntemp -Inf 1.7e9", "temp -Inf 1.7e9\n# TYPE temp gauge"), openMetrics: true,
                      "comes before its family's # TYPE")
    }

    @Test func aTypeOrHelpTwice() {
        Self.problems(Self.textWith("# TYPE temp gauge", "# TYPE temp gauge\n# TYPE temp gauge"), openMetrics: false,
                      "second # TYPE for temp (first at line 14)")
        Self.problems(Self.textWith("# HELP lat_seconds Latency.", "# HELP lat_seconds Latency.\n# HELP lat_seconds Again."),
                      openMetrics: false, "second # HELP for lat_seconds")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge", "# TYPE temp gauge\n# TYPE temp gauge"), openMetrics: true,
                      "second # TYPE for temp")
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\n# HELP temp Late."), openMetrics: false, "# HELP for temp after its samples")
    }

    @Test func aFamilyWhoseLinesAreNotTogether() {
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\nreq_total{code=\"404\"} 1"), openMetrics: false,
                      "sample req_total of family req_total (line 1) comes after family temp began")
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\n# HELP req_total Again."), openMetrics: false,
                      "# HELP for req_total apart from the rest of its family")
        Self.problems(Self.openMetricsWith("temp -Inf 1.7e9", "temp -Inf 1.7e9\nreq_total{code=\"404\"} 1"), openMetrics: true,
                      "a family's samples must be together")
    }

    @Test func aDuplicateSeries() {
        Self.problems(Self.textWith("req_total{code=\"500\",} 1", "req_total{path=\"/a\\\"b\\\\c\\nd\",code=\"200\"} 1"),
                      openMetrics: false, "duplicate series req_total{code=\"200\",path=\"/a\\\"b\\\\c\\nd\"} (first at line 3)")
        Self.problems(Self.openMetricsWith("temp -Inf 1.7e9", "temp -Inf 1.7e9\ntemp 2"), openMetrics: true, "duplicate series temp")
    }

    @Test func histogramLeNotIncreasing() {
        Self.problems(Self.textWith("lat_seconds_bucket{le=\"1\"} 2", "lat_seconds_bucket{le=\"0.5\"} 2"), openMetrics: false,
                      "line 8: duplicate series lat_seconds_bucket{le=\"0.5\"} (first at line 7)",
                      "line 8: histogram lat_seconds: le values must increase, but le=\"0.5\" follows le=\"0.5\"")
        let found = ExpositionChecker.problems(in: Self.textWith("lat_seconds_bucket{le=\"1\"} 2", "lat_seconds_bucket{le=\"0.25\"} 2"),
                                               openMetrics: false)
        #expect(found == ["line 8: histogram lat_seconds: le values must increase, but le=\"0.25\" follows le=\"0.5\""])
    }

    @Test func histogramBucketsNotCumulative() {
        Self.problems(Self.textWith("lat_seconds_bucket{le=\"1\"} 2", "lat_seconds_bucket{le=\"1\"} 0"), openMetrics: false,
                      "bucket le=\"1\" counts 0.0, fewer than the 1.0 of le=\"0.5\" before it; buckets must be cumulative")
        Self.problems(Self.openMetricsWith("lat_seconds_bucket{le=\"1.0\"} 2", "lat_seconds_bucket{le=\"1.0\"} 0"), openMetrics: true,
                      "buckets must be cumulative")
    }

    @Test func histogramWithoutInfBucket() {
        Self.problems(Self.textWith("lat_seconds_bucket{le=\"+Inf\"} 3\n", ""), openMetrics: false, "histogram lat_seconds has no le=\"+Inf\" bucket")
        // A series of its own (other labels) needs its own buckets.
        Self.problems(Self.textWith("lat_seconds_count 3", "lat_seconds_count 3\nlat_seconds_sum{path=\"/x\"} 1\nlat_seconds_count{path=\"/x\"} 1"),
                      openMetrics: false, "histogram lat_seconds{path=\"/x\"} has no le=\"+Inf\" bucket")
    }

    @Test func histogramInfBucketDiffersFromCount() {
        Self.problems(Self.textWith("lat_seconds_count 3", "lat_seconds_count 4"), openMetrics: false,
                      "histogram lat_seconds: lat_seconds_count 4.0 differs from the +Inf bucket's 3.0")
    }

    @Test func histogramWithoutSumOrCount() {
        Self.problems(Self.textWith("lat_seconds_sum 2.5\n", ""), openMetrics: false, "histogram lat_seconds has no lat_seconds_sum")
        Self.problems(Self.openMetricsWith("lat_seconds_count 3\n", ""), openMetrics: true, "histogram lat_seconds has no lat_seconds_count")
    }

    @Test func openMetricsCounterSampleWithoutTotal() {
        Self.problems(Self.openMetricsWith("req_total{code=\"200\"", "req{code=\"200\""), openMetrics: true,
                      "counter sample req must end in _total or _created")
        // Text 0.0.4 is named by its samples: the same line is fine there.
        #expect(ExpositionChecker.problems(in: "# TYPE req counter\nreq 1\n", openMetrics: false) == [])
    }

    @Test func openMetricsFamilyNamedTotal() {
        Self.problems("# TYPE req_total counter\nreq_total_total 1\n# EOF\n", openMetrics: true,
                      "counter family req_total ends in _total")
    }

    @Test func openMetricsWithoutEOFOrWithContentAfterIt() {
        Self.problems(Self.openMetricsWith("# EOF\n", ""), openMetrics: true, "no # EOF at the end")
        Self.problems(Self.openMetricsWith("# EOF\n", "# EOF\ntemp 1\n"), openMetrics: true, "line 15: content after # EOF (line 14)")
        Self.problems(Self.openMetricsWith("# EOF\n", "# EOF\n\n"), openMetrics: true, "content after # EOF")
        // The final line feed is optional after `# EOF`.
        #expect(ExpositionChecker.problems(in: String(Self.openMetrics.dropLast()), openMetrics: true) == [])
    }

    @Test func textFormatWithEOF() {
        Self.problems(Self.text + "# EOF\n", openMetrics: false, "# EOF in the text format")
    }

    @Test func labelValueWithAnInvalidEscape() {
        for escape in ["\\t", "\\u00e9", "\\'", "\\r"] {
            Self.problems(Self.textWith("temp  NaN", "temp{x=\"a\(escape)\"} 1"), openMetrics: false,
                          "invalid escape \(escape.prefix(2)) in the value of label x of temp (only \\\\, \\\" and \\n are allowed)")
            Self.problems(Self.openMetricsWith("temp -Inf", "temp{x=\"a\(escape)\"} 1"), openMetrics: true, "invalid escape \(escape.prefix(2))")
        }
        Self.problems(Self.textWith("temp  NaN", "temp{x=\"a\\\"} 1"), openMetrics: false, "malformed line (unterminated label value)")
    }

    @Test func labelValueWithInvalidUTF8() {
        for bytes: [UInt8] in [[0xFF], [0xC3], [0xE6, 0xBC], [0xED, 0xA0, 0x80], [0xC0, 0xAF]] {
            let input = Array("# TYPE temp gauge\ntemp{x=\"a".utf8) + bytes + Array("\"} 1\n".utf8)
            let found = ExpositionChecker.problems(in: input, openMetrics: false)
            #expect(found == ["line 2: invalid UTF-8 in the value of label x of temp"], "\(bytes)")
            #expect(ExpositionChecker.problems(in: input + Array("# EOF\n".utf8), openMetrics: true) == found)
        }
        let valid = Array("# TYPE temp gauge\ntemp{x=\"ruang_tunggu_é漢\"} 1\n".utf8)
        #expect(ExpositionChecker.parse(valid, openMetrics: false).samples.first?.label("x") == "ruang_tunggu_é漢")
    }

    @Test func helpWithAnEscapeTheFormatDoesNotHave() {
        // What promtool trips on: `\"` is an OpenMetrics HELP escape, not a text 0.0.4 one.
        Self.problems(Self.textWith("# HELP lat_seconds Latency.", "# HELP lat_seconds Latency of \\\"x\\\"."), openMetrics: false,
                      "invalid escape \\\" in # HELP of lat_seconds (text 0.0.4 allows only \\\\ and \\n)")
        Self.problems(Self.openMetricsWith("# HELP req Requests", "# HELP req Requests\\t"), openMetrics: true, "invalid escape \\t in # HELP of req")
    }
}
