/// Parses systemd time spans (`systemd.time(7)`) into ``TimeSpan``.
///
/// A span is one or more components, each a non-negative number (optionally with a fraction)
/// followed by an optional unit, with or without whitespace between them: `20s`, `5min`,
/// `1h 30min`, `1h30min`, `1.5h`, `500ms`. A number without a unit is seconds. `infinity` alone is
/// ``TimeSpan/infinite``. Units (case-sensitive, `m` is minutes and `M` months):
/// `us` `usec` `µs`; `ms` `msec`; `s` `sec` `second` `seconds`; `m` `min` `minute` `minutes`;
/// `h` `hr` `hour` `hours`; `d` `day` `days`; `w` `week` `weeks`; `M` `month` `months`
/// (30.44 days: exactly 2 629 800 s, a twelfth of a year, as systemd computes it); `y` `year` `years`
/// (365.25 days). Arithmetic is exact in nanoseconds (fractions are truncated below 1 ns); a span
/// that does not fit in ``TimeSpan`` is an error.
public enum TimeSpanParser {
    /// The accepted unit spellings with their length in nanoseconds.
    static let units: [(suffix: String, nanoseconds: Int64)] = {
        let us: Int64 = 1_000
        let ms: Int64 = 1_000_000
        let s: Int64 = 1_000_000_000
        let min = 60 * s
        let h = 60 * min
        let d = 24 * h
        let table: [([String], Int64)] = [
            (["us", "usec", "µs", "μs"], us),
            (["ms", "msec"], ms),
            (["s", "sec", "second", "seconds"], s),
            (["m", "min", "minute", "minutes"], min),
            (["h", "hr", "hour", "hours"], h),
            (["d", "day", "days"], d),
            (["w", "week", "weeks"], 7 * d),
            (["M", "month", "months"], 2_629_800 * s),
            (["y", "year", "years"], 31_557_600 * s),
        ]
        return table.flatMap { names, length in names.map { ($0, length) } }
    }()

    /// The unit list quoted in error messages.
    static let unitHint = "expected us, ms, s, min, h, d, w, M or y"

    /// Parses `text` (surrounding whitespace ignored).
    /// - Throws: ``TimeSpanParseError`` describing the first problem found.
    public static func parse(_ text: some StringProtocol) throws(TimeSpanParseError) -> TimeSpan {
        let scalars = Array(String(text).unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, isSpace(scalars[start]) { start += 1 }
        while end > start, isSpace(scalars[end - 1]) { end -= 1 }
        let trimmed = String(String.UnicodeScalarView(scalars[start..<end]))
        guard start < end else { throw TimeSpanParseError("empty time span") }
        if trimmed == "infinity" { return .infinite }

        var total: Int64 = 0
        var index = start
        while index < end {
            while index < end, isSpace(scalars[index]) { index += 1 }
            // The number: digits, optionally a fraction.
            var integer: Int64 = 0
            var integerOverflow = false
            var digits = 0
            while index < end, let digit = digitValue(scalars[index]) {
                let (times10, o1) = integer.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(digit)
                integerOverflow = integerOverflow || o1 || o2
                integer = sum
                digits += 1
                index += 1
            }
            var fraction: Int64 = 0
            var fractionScale: Int64 = 1
            if index < end, scalars[index] == "." {
                index += 1
                while index < end, let digit = digitValue(scalars[index]) {
                    // Digits beyond 1e-18 of a unit cannot matter at nanosecond resolution.
                    if fractionScale < 1_000_000_000_000_000_000 {
                        fraction = fraction * 10 + digit
                        fractionScale *= 10
                    }
                    digits += 1
                    index += 1
                }
            }
            guard digits > 0 else {
                let rest = String(String.UnicodeScalarView(scalars[index..<end]))
                throw TimeSpanParseError("expected a number at \"\(rest)\" (a time span looks like 20s, 5min or 1h 30min)")
            }
            while index < end, isSpace(scalars[index]) { index += 1 }
            // The unit: the longest run of letters, which must be a known spelling.
            var unitEnd = index
            while unitEnd < end, isUnitLetter(scalars[unitEnd]) { unitEnd += 1 }
            let unit = String(String.UnicodeScalarView(scalars[index..<unitEnd]))
            let length: Int64
            if unit.isEmpty {
                length = 1_000_000_000
                if unitEnd < end, !isSpace(scalars[unitEnd]), digitValue(scalars[unitEnd]) == nil {
                    throw TimeSpanParseError(
                        "unexpected \"\(Character(scalars[unitEnd]))\" after a number (\(unitHint))")
                }
            } else if let match = units.first(where: { $0.suffix == unit }) {
                length = match.nanoseconds
            } else {
                throw TimeSpanParseError("unknown time unit \"\(unit)\" (\(unitHint))")
            }
            index = unitEnd
            guard !integerOverflow, let component = component(integer, fraction, fractionScale, length),
                  case let (sum, overflow) = total.addingReportingOverflow(component), !overflow
            else {
                throw TimeSpanParseError("too long (the longest span is about 292 years)")
            }
            total = sum
        }
        return TimeSpan(nanoseconds: total)
    }

    /// `(integer + fraction / scale) * length` in nanoseconds, truncated; nil on overflow.
    private static func component(_ integer: Int64, _ fraction: Int64, _ scale: Int64, _ length: Int64) -> Int64? {
        let (whole, overflow) = integer.multipliedReportingOverflow(by: length)
        guard !overflow else { return nil }
        guard fraction > 0 else { return whole }
        // fraction < scale, so the quotient is < length and the division cannot trap.
        let product = fraction.multipliedFullWidth(by: length)
        let part = scale.dividingFullWidth(product).quotient
        let (sum, overflow2) = whole.addingReportingOverflow(part)
        return overflow2 ? nil : sum
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int64? {
        guard scalar.value >= 48, scalar.value <= 57 else { return nil }
        return Int64(scalar.value - 48)
    }

    /// Letters that can be part of a unit: ASCII letters and the two micro signs.
    private static func isUnitLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 65...90, 97...122, 0xB5, 0x3BC: true
        default: false
        }
    }
}
