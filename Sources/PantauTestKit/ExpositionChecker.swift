import PantauSystem

/// Parses and checks Prometheus text 0.0.4 and OpenMetrics 1.0 expositions, so that tests can
/// read values from `/metrics` and prove the output well-formed without a Prometheus server.
///
/// Problems found, each as one readable string naming its line or series:
/// - a malformed line (OpenMetrics also: a blank line, an unknown `#` line, a trailing comma);
/// - a sample before its family's `# TYPE`, or without one;
/// - a family's `# HELP`/`# TYPE` given twice or after its samples, or its lines not together;
/// - a duplicate series (same sample name and label set);
/// - per histogram series (its labels without `le`): `le` not increasing, bucket counts not
///   cumulative, no `+Inf` bucket, `+Inf` bucket ≠ `_count`, no `_sum` or `_count`;
/// - OpenMetrics: a counter sample not named `…_total`/`…_created`, a family named `…_total`,
///   no final `# EOF` or anything after it; text 0.0.4: a `# EOF` line;
/// - label values with an escape other than `\\`, `\"`, `\n`, or invalid UTF-8; likewise `# HELP`
///   text (text 0.0.4 allows only `\\` and `\n` there).
package enum ExpositionChecker {
    /// Parses `text`, collecting problems in the result.
    package static func parse(_ text: String, openMetrics: Bool) -> Exposition { parse(Array(text.utf8), openMetrics: openMetrics) }

    /// The problems of `text`; empty when it is valid.
    package static func problems(in text: String, openMetrics: Bool) -> [String] { parse(text, openMetrics: openMetrics).problems }

    /// The problems of raw bytes (which may hold invalid UTF-8).
    package static func problems(in bytes: [UInt8], openMetrics: Bool) -> [String] { parse(bytes, openMetrics: openMetrics).problems }

    /// Parses raw bytes, collecting problems in the result.
    package static func parse(_ bytes: [UInt8], openMetrics om: Bool) -> Exposition {
        var x = Exposition()
        let terminated = bytes.last == 0x0A
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if terminated || bytes.isEmpty { lines.removeLast() }
        func problem(_ n: Int, _ text: String) { x.problems.append("line \(n): \(text)") }

        // Every well-formed `# TYPE` line, to tell a sample whose TYPE comes later from one that has none.
        var declared: [String: Int] = [:]
        for (i, line) in lines.enumerated() {
            var s = ExpositionLineScanner(line)
            guard s.skip("# TYPE ") else { continue }
            if !om { s.blanks() }
            if let name = s.metricName(), declared[name] == nil, typeName(&s, openMetrics: om) != nil { declared[name] = i + 1 }
        }

        var index: [String: Int] = [:]
        var current: Int?
        var helpLines: [Int: Int] = [:], typeLines: [Int: Int] = [:]
        var series: [String: Int] = [:]
        var eof: Int?

        func header(_ line: ArraySlice<UInt8>, _ n: Int) {
            let text = String(decoding: line, as: UTF8.self)
            if text == "# EOF" {
                if om { eof = n } else { problem(n, "# EOF in the text format (only OpenMetrics ends with it)") }
                return
            }
            var s = ExpositionLineScanner(line)
            let keyword = s.skip("# HELP ") ? "HELP" : s.skip("# TYPE ") ? "TYPE" : om && s.skip("# UNIT ") ? "UNIT" : nil
            guard let keyword else {
                if om { problem(n, "malformed line (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF): \(text)") }
                return
            }
            if !om { s.blanks() }
            guard let name = s.metricName() else {
                problem(n, "malformed line (# \(keyword) without a metric name): \(text)")
                return
            }
            var help: String?, type: String?
            switch keyword {
            case "HELP":
                if s.atEnd {
                    help = ""
                } else if om ? !s.skip(0x20) : s.blanks() == 0 {
                    problem(n, "malformed line (no space after the name): \(text)")
                    return
                } else {
                    help = s.escapedText(allowed: om ? [0x5C, 0x6E, 0x22] : [0x5C, 0x6E])
                    if help == nil {
                        problem(n, "\(s.failure!) in # HELP of \(name) (\(om ? "OpenMetrics allows \\\\, \\\" and \\n" : "text 0.0.4 allows only \\\\ and \\n"))")
                        return
                    }
                }
            case "TYPE":
                type = typeName(&s, openMetrics: om)
                if type == nil {
                    problem(n, "malformed line (not \(om ? "an OpenMetrics" : "a text 0.0.4") type): \(text)")
                    return
                }
            default:
                break
            }
            let f: Int
            if let existing = index[name] {
                f = existing
                if current != existing {
                    problem(n, "# \(keyword) for \(name) apart from the rest of its family (which began at line \(x.families[f].line)); a family's lines must be together")
                } else if keyword == "HELP", let first = helpLines[f] {
                    problem(n, "second # HELP for \(name) (first at line \(first))")
                } else if keyword == "TYPE", let first = typeLines[f] {
                    problem(n, "second # TYPE for \(name) (first at line \(first))")
                } else if !x.families[f].samples.isEmpty {
                    problem(n, "# \(keyword) for \(name) after its samples")
                }
            } else {
                f = x.families.count
                index[name] = f
                x.families.append(ExpositionFamily(name: name, line: n))
            }
            current = f
            if let help, helpLines[f] == nil {
                x.families[f].help = help
                helpLines[f] = n
            }
            if let type, typeLines[f] == nil {
                x.families[f].type = type
                typeLines[f] = n
            }
        }

        func sample(_ line: ArraySlice<UInt8>, _ n: Int) {
            var why: String?
            guard let sample = parseSample(line, number: n, openMetrics: om, problem: &why) else {
                problem(n, why!)
                return
            }
            x.samples.append(sample)
            let key = sample.name + ExpositionSample.render(sample.labels.sorted { $0.name < $1.name })
            if let first = series[key] {
                problem(n, "duplicate series \(key) (first at line \(first))")
            } else {
                series[key] = n
            }
            let names = familyNames(for: sample.name)
            let f: Int
            if let c = current, names.contains(x.families[c].name) {
                f = c
            } else if let earlier = names.lazy.compactMap({ index[$0] }).first {
                f = earlier
                problem(n, "sample \(sample.name) of family \(x.families[f].name) (line \(x.families[f].line)) comes after "
                    + "family \(x.families[current!].name) began; a family's samples must be together")
            } else {
                if let later = names.lazy.compactMap({ declared[$0] }).first {
                    problem(n, "sample \(sample.name) comes before its family's # TYPE (line \(later))")
                } else {
                    problem(n, "sample \(sample.name) has no # TYPE")
                }
                return
            }
            x.families[f].samples.append(sample)
            let family = x.families[f]
            guard let type = family.type else {
                if let later = declared[family.name] {
                    problem(n, "sample \(sample.name) comes before its family's # TYPE (line \(later))")
                } else {
                    problem(n, "sample \(sample.name) has no # TYPE (family \(family.name) has only # HELP)")
                }
                return
            }
            let suffixes = sampleSuffixes(type, openMetrics: om)
            if !suffixes.contains(where: { family.name + $0 == sample.name }) {
                if om && type == "counter" {
                    problem(n, "counter sample \(sample.name) must end in _total or _created (OpenMetrics)")
                } else {
                    problem(n, "\(sample.name) is not a sample name of \(type) family \(family.name) (expected "
                        + suffixes.map { family.name + $0 }.joined(separator: ", ") + ")")
                }
            }
        }

        for (i, line) in lines.enumerated() {
            let n = i + 1
            if let e = eof {
                problem(n, "content after # EOF (line \(e))")
                break
            }
            if line.isEmpty {
                if om { problem(n, "malformed line (OpenMetrics allows no blank line)") }
            } else if line.first == 0x23 {
                header(line, n)
            } else {
                sample(line, n)
            }
        }
        if !terminated, !lines.isEmpty, !(om && eof == lines.count) {
            problem(lines.count, "malformed line (the last line has no line feed)")
        }
        if om {
            if eof == nil { x.problems.append("no # EOF at the end (OpenMetrics ends with it)") }
            for f in x.families where f.name.hasSuffix("_total") {
                x.problems.append("line \(f.line): \(f.type ?? "untyped") family \(f.name) ends in _total; in OpenMetrics only "
                    + "a counter's samples do (the family is named without it)")
            }
        }
        for f in x.families where f.type == "histogram" || f.type == "gaugehistogram" {
            x.problems += histogramProblems(f)
        }
        return x
    }

    /// The type after a `# TYPE` line's name, through the end of the line, if it is one of the format's.
    package static func typeName(_ s: inout ExpositionLineScanner, openMetrics om: Bool) -> String? {
        let spaced = om ? s.skip(0x20) : s.blanks() > 0
        let token = s.token()
        if !om { s.blanks() }
        let known = om ? ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"]
            : ["counter", "gauge", "histogram", "summary", "untyped"]
        return spaced && s.atEnd && known.contains(token) ? token : nil
    }

    /// The sample names a family of this type may have, as suffixes of the family name.
    package static func sampleSuffixes(_ type: String, openMetrics om: Bool) -> [String] {
        switch type {
        case "counter": om ? ["_total", "_created"] : [""]
        case "histogram": om ? ["_bucket", "_sum", "_count", "_created"] : ["_bucket", "_sum", "_count"]
        case "gaugehistogram": ["_bucket", "_gsum", "_gcount"]
        case "summary": om ? ["", "_sum", "_count", "_created"] : ["", "_sum", "_count"]
        case "info": ["_info"]
        default: [""]
        }
    }

    /// The family names a sample name can belong to: itself, then without a type suffix.
    package static func familyNames(for sample: String) -> [String] {
        [sample] + ["_total", "_created", "_bucket", "_sum", "_count", "_gsum", "_gcount", "_info"]
            .filter { sample.hasSuffix($0) && sample.utf8.count > $0.utf8.count }
            .map { String(sample.dropLast($0.count)) }
    }

    /// A sample value, `le` or timestamp: a decimal float, `NaN`, or `±Inf` (case-insensitive, as
    /// Go's and Python's parsers read them); not hex floats.
    package static func number(_ text: String) -> Double? {
        let lower = text.lowercased()
        var body = Substring(lower)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
            if body == "nan" { return nil }
        }
        if body == "inf" || body == "infinity" { return negative ? -.infinity : .infinity }
        if body == "nan" { return .nan }
        // digits [. digits] [e [sign] digits], with at least one mantissa digit.
        var digits = 0
        var scalars = body.unicodeScalars[...]
        func eatDigits() -> Int {
            var k = 0
            while let c = scalars.first, ("0"..."9").contains(c) { scalars = scalars.dropFirst(); k += 1 }
            return k
        }
        digits += eatDigits()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            digits += eatDigits()
        }
        guard digits > 0 else { return nil }
        if scalars.first == "e" {
            scalars = scalars.dropFirst()
            if let c = scalars.first, c == "+" || c == "-" { scalars = scalars.dropFirst() }
            guard eatDigits() > 0 else { return nil }
        }
        guard scalars.isEmpty else { return nil }
        return Double(text)
    }
}
