/// One element of an `Accept` header (RFC 9110 §12.5.1): `type/subtype;param=value;q=0.5`.
public struct MediaRange: Sendable, Equatable {
    /// Lower-cased; `*` for a wildcard.
    public var type: String
    public var subtype: String
    /// Parameters other than `q`, names lower-cased, values unquoted, in order.
    public var parameters: [(String, String)]
    /// The weight, 0…1 (1 when absent or unreadable).
    public var quality: Double

    public init(type: String, subtype: String, parameters: [(String, String)] = [], quality: Double = 1) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
        self.quality = quality
    }

    /// The media ranges of an `Accept` value, in order; malformed elements are skipped.
    public static func parseAccept(_ value: String) -> [MediaRange] {
        value.split(separator: ",").compactMap { parse(Substring($0)) }
    }

    static func parse(_ element: Substring) -> MediaRange? {
        var parts = element.split(separator: ";", omittingEmptySubsequences: false).map(MediaRange.trim)
        guard let first = parts.first else { return nil }
        parts.removeFirst()
        let halves = first.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else { return nil }
        var range = MediaRange(type: halves[0].lowercased(), subtype: halves[1].lowercased())
        for part in parts where !part.isEmpty {
            guard let eq = part.firstIndex(of: "=") else { continue }
            let name = MediaRange.trim(part[..<eq]).lowercased()
            var value = MediaRange.trim(part[part.index(after: eq)...])
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            if name == "q" {
                range.quality = Double(value).map { min(1, max(0, $0)) } ?? 1
            } else {
                range.parameters.append((name, String(value)))
            }
        }
        return range
    }

    /// The value of a parameter, or nil.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.0 == name }?.1
    }

    /// How specifically this range names `type/subtype`: 3 exact with parameters, 2 exact,
    /// 1 `type/*`, 0 `*/*`, nil when it does not match. `versions`: the `version` parameter
    /// values the offer satisfies (empty accepts any); a range naming another version does not match.
    public func specificity(type offeredType: String, subtype offeredSubtype: String, versions: [String] = []) -> Int? {
        if type == "*" { return subtype == "*" ? 0 : nil }
        guard type == offeredType else { return nil }
        if subtype == "*" { return 1 }
        guard subtype == offeredSubtype else { return nil }
        if let version = parameter("version") {
            guard versions.isEmpty || versions.contains(version) else { return nil }
            return 3
        }
        return 2
    }

    public static func == (a: MediaRange, b: MediaRange) -> Bool {
        a.type == b.type && a.subtype == b.subtype && a.quality == b.quality
            && a.parameters.map(\.0) == b.parameters.map(\.0) && a.parameters.map(\.1) == b.parameters.map(\.1)
    }

    /// The text without surrounding spaces and tabs.
    static func trim(_ text: Substring) -> Substring {
        var t = text
        while let f = t.first, f == " " || f == "\t" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" { t.removeLast() }
        return t
    }
}
