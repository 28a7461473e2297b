import Foundation

/// Parses and validates the values of configuration keys. Each function throws a message saying
/// what was expected; the caller adds the key, file and line.
enum ConfigurationValueParser {
    /// A systemd time span, `infinity` included.
    static func timeSpan(_ value: String) throws(ConfigurationValueError) -> TimeSpan {
        do {
            return try TimeSpanParser.parse(value)
        } catch {
            throw ConfigurationValueError(error.message)
        }
    }

    /// A time span longer than zero (`infinity` allowed).
    static func positiveTimeSpan(_ value: String) throws(ConfigurationValueError) -> TimeSpan {
        let span = try timeSpan(value)
        guard span > .zero else { throw ConfigurationValueError("expected a time span longer than zero") }
        return span
    }

    /// A time span longer than zero and not `infinity`.
    static func finitePositiveTimeSpan(_ value: String) throws(ConfigurationValueError) -> TimeSpan {
        let span = try positiveTimeSpan(value)
        guard span != .infinite else { throw ConfigurationValueError("expected a finite time span, not infinity") }
        return span
    }

    /// A percentage `0 < p ≤ 100` with a `%` sign (`80%`, `87.5%`), as a fraction (0.8).
    static func percentage(_ value: String) throws(ConfigurationValueError) -> Double {
        let expectation = "expected a percentage above 0% and at most 100%, such as 80%"
        guard value.hasSuffix("%") else { throw ConfigurationValueError(expectation) }
        let number = IniLexer.trim(value.dropLast())
        guard isDecimal(number), let percent = Double(number), percent > 0, percent <= 100 else {
            throw ConfigurationValueError(expectation)
        }
        return percent / 100
    }

    /// A byte count with an optional `K`, `M` or `G` suffix (powers of 1024), within `range`.
    static func byteSize(_ value: String, in range: ClosedRange<Int>) throws(ConfigurationValueError) -> Int {
        let expectation = "expected a size in bytes such as 65536 or 64K, from \(formatSize(range.lowerBound)) "
            + "to \(formatSize(range.upperBound))"
        var digits = Substring(value)
        var multiplier = 1
        switch value.last {
        case "K": multiplier = 1 << 10
        case "M": multiplier = 1 << 20
        case "G": multiplier = 1 << 30
        default: break
        }
        if multiplier > 1 { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy(isDigit), let count = Int(digits),
              case let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier), !overflow,
              range.contains(bytes)
        else { throw ConfigurationValueError(expectation) }
        return bytes
    }

    /// A positive integer of at most 2^31 − 1.
    static func positiveInteger(_ value: String) throws(ConfigurationValueError) -> Int {
        guard !value.isEmpty, value.allSatisfy(isDigit), let number = Int32(value), number > 0 else {
            throw ConfigurationValueError("expected a positive integer (at most \(Int32.max))")
        }
        return Int(number)
    }

    /// A decimal integer within `range`.
    static func boundedInteger(_ value: String, in range: ClosedRange<Int>) throws(ConfigurationValueError) -> Int {
        guard !value.isEmpty, value.count <= 9, value.allSatisfy(isDigit), let number = Int(value), range.contains(number) else {
            throw ConfigurationValueError("expected an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An IANA time zone name the system knows.
    static func timeZone(_ value: String) throws(ConfigurationValueError) -> String {
        guard !value.contains(where: { $0.isWhitespace }), TimeZone(identifier: value) != nil else {
            throw ConfigurationValueError("unknown time zone; expected an IANA name such as Asia/Jakarta or UTC")
        }
        return value
    }

    /// A listen address: `HOST:PORT` (host name or IPv4) or `[IPv6]:PORT`, port 1–65535.
    static func listenAddress(_ value: String) throws(ConfigurationValueError) -> String {
        let expectation = "expected HOST:PORT or [IPv6]:PORT with a port from 1 to 65535, such as 127.0.0.1:9747"
        guard let colon = value.lastIndex(of: ":") else { throw ConfigurationValueError(expectation) }
        let host = value[..<colon]
        let port = value[value.index(after: colon)...]
        guard !port.isEmpty, port.allSatisfy(isDigit), let number = Int(port), (1...65_535).contains(number),
              !host.isEmpty, !host.contains(where: { $0.isWhitespace })
        else { throw ConfigurationValueError(expectation) }
        if host.first == "[" {
            let address = host.dropFirst().dropLast()
            guard host.count > 2, host.last == "]", address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." })
            else { throw ConfigurationValueError(expectation) }
        } else if host.contains(":") || host.contains("[") || host.contains("]") {
            throw ConfigurationValueError(expectation)
        }
        return value
    }

    /// `*` or an origin: `http://` or `https://` and a host with an optional port, no path.
    static func origin(_ value: String) throws(ConfigurationValueError) -> String {
        if value == "*" { return value }
        let expectation = "expected * or an origin such as https://wallboard.example.org"
        let rest: Substring
        if value.hasPrefix("https://") {
            rest = value.dropFirst(8)
        } else if value.hasPrefix("http://") {
            rest = value.dropFirst(7)
        } else {
            throw ConfigurationValueError(expectation)
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains(where: { $0.isWhitespace }) else {
            throw ConfigurationValueError(expectation)
        }
        return value
    }

    /// Origins separated by white space (`Servers=`): each `http(s)://host[:port]`, not `*`, none
    /// twice, at most `limit`; written as browsers send `Origin` (lower case, no :80 or :443).
    static func origins(_ value: String, limit: Int = 8) throws(ConfigurationValueError) -> [String] {
        let items = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var out: [String] = []
        let expectation = "expected origins such as http://pantau-a.example:9747 (scheme, host and port), separated by spaces"
        for item in items {
            guard item != "*" else { throw ConfigurationValueError("\(expectation), not *") }
            guard let given = try? origin(item.lowercased()) else { throw ConfigurationValueError("\(expectation); \(item) is not one") }
            // As a browser sends `Origin`: lower case, no default port.
            let origin = given.hasPrefix("http://") && given.hasSuffix(":80") ? String(given.dropLast(3))
                : given.hasPrefix("https://") && given.hasSuffix(":443") ? String(given.dropLast(4)) : given
            guard !out.contains(origin) else { throw ConfigurationValueError("\(origin) is listed twice") }
            out.append(origin)
        }
        guard out.count <= limit else { throw ConfigurationValueError("expected at most \(limit) servers") }
        return out
    }

    /// The case of a `CaseIterable` enum whose configuration name is `value`.
    static func choice<T: CaseIterable>(_ value: String, name: (T) -> String) throws(ConfigurationValueError) -> T {
        let cases = Array(T.allCases)
        if let match = cases.first(where: { name($0) == value }) { return match }
        let names = cases.map(name)
        let list = names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
        throw ConfigurationValueError("expected \(list)")
    }

    /// `0`…`9` only (`Character.isWholeNumber` also accepts other scripts' digits).
    static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isWholeNumber }

    /// Whether the text is digits with at most one decimal point and at least one digit.
    private static func isDecimal(_ text: Substring) -> Bool {
        var points = 0
        var digits = 0
        for character in text {
            if character == "." { points += 1 } else if isDigit(character) { digits += 1 } else { return false }
        }
        return points <= 1 && digits > 0
    }

    /// `16M`, `256` — a size as an operator would write it.
    private static func formatSize(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30)G" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20)M" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10)K" }
        return "\(bytes)"
    }
}
