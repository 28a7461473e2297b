import PantauSystem

extension ExpositionChecker {
    /// One sample line: `name[{labels}] value [timestamp]`, and in OpenMetrics an optional
    /// ` # {labels} value [timestamp]` exemplar. Text 0.0.4 allows runs of blanks and a trailing
    /// comma in the label set; OpenMetrics exactly one space and no trailing comma.
    /// On failure returns nil and sets `problem`.
    package static func parseSample(_ line: ArraySlice<UInt8>, number n: Int, openMetrics om: Bool,
                            problem: inout String?) -> ExpositionSample? {
        let text = String(decoding: line, as: UTF8.self)
        var s = ExpositionLineScanner(line)
        func malformed(_ why: String) -> ExpositionSample? {
            problem = "malformed line (\(why)): \(text)"
            return nil
        }
        guard let name = s.metricName() else { return malformed("no metric name") }
        // Text 0.0.4 allows blanks between the name and the label set.
        var blanks = om ? 0 : s.blanks()
        var labels: [(name: String, value: String)] = []
        if s.next == 0x7B {
            guard let set = labelSet(&s, of: name, openMetrics: om, problem: &problem) else {
                if problem!.hasPrefix("malformed") { problem = "\(problem!): \(text)" }
                return nil
            }
            labels = set
            blanks = 0
        }
        if om {
            guard s.skip(0x20), s.next != 0x20 else { return malformed("expected one space before the value") }
        } else {
            blanks += s.blanks()
            guard blanks > 0 else { return malformed("expected a blank before the value") }
        }
        let valueText = s.token()
        guard let value = number(valueText) else { return malformed("value \"\(valueText)\" is not a number") }
        if om {
            if s.skip(0x20), s.next != 0x23 {
                guard number(s.token()) != nil else { return malformed("bad timestamp") }
                _ = s.skip(0x20)
            }
            if !s.atEnd {
                // Exemplar: `# {labels} value [timestamp]`.
                guard s.skip("# "), s.next == 0x7B, labelSet(&s, of: name, openMetrics: true, problem: &problem) != nil,
                      s.skip(0x20), number(s.token()) != nil
                else { return malformed("unexpected text after the value") }
                if s.skip(0x20), number(s.token()) == nil { return malformed("bad exemplar timestamp") }
                guard s.atEnd else { return malformed("unexpected text after the exemplar") }
            }
        } else {
            if s.blanks() > 0, !s.atEnd {
                guard Int64(s.token()) != nil else { return malformed("timestamp is not an integer of milliseconds") }
                s.blanks()
            }
            guard s.atEnd else { return malformed("unexpected text after the value") }
        }
        return ExpositionSample(name: name, labels: labels, value: value, line: n)
    }

    /// `{a="b",…}` at the scanner. Escape and UTF-8 errors get their own message, anything else
    /// a `malformed …` one.
    private static func labelSet(_ s: inout ExpositionLineScanner, of metric: String, openMetrics om: Bool,
                                 problem: inout String?) -> [(name: String, value: String)]? {
        var labels: [(name: String, value: String)] = []
        func malformed(_ why: String) -> [(name: String, value: String)]? {
            problem = "malformed line (\(why))"
            return nil
        }
        guard s.skip(0x7B) else { return malformed("expected {") }
        if !om { s.blanks() }
        if s.skip(0x7D) { return labels }
        while true {
            if !om { s.blanks() }
            guard let label = s.labelName() else { return malformed("bad label name") }
            if !om { s.blanks() }
            guard s.skip(0x3D) else { return malformed("no = after label \(label)") }
            if !om { s.blanks() }
            guard s.skip(0x22) else { return malformed("value of label \(label) not quoted") }
            guard let value = s.quotedValue() else {
                let failure = s.failure!
                if failure.hasPrefix("unterminated") { return malformed(failure) }
                problem = "\(failure) in the value of label \(label) of \(metric)"
                    + (failure.hasPrefix("invalid escape") ? " (only \\\\, \\\" and \\n are allowed)" : "")
                return nil
            }
            guard !labels.contains(where: { $0.name == label }) else { return malformed("label \(label) given twice") }
            labels.append((label, value))
            if !om { s.blanks() }
            if s.skip(0x7D) { return labels }
            guard s.skip(0x2C) else { return malformed("expected , or } after label \(label)") }
            if !om {
                s.blanks()
                if s.skip(0x7D) { return labels }
            }
        }
    }
}
