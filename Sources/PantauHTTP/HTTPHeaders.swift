/// Header fields in the order they were received or added, looked up by name without regard to
/// ASCII case (RFC 9110 §5.1).
///
/// Names and values are stored as given; the parser hands over values without surrounding
/// whitespace. A field that appears more than once keeps each line as its own entry.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The fields in order, names as sent.
    public private(set) var fields: [(name: String, value: String)]

    /// No fields.
    public init() { fields = [] }

    /// The given fields, in order.
    public init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Appends a field; an existing field of the same name stays.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field of that name.
    public mutating func remove(name: String) {
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// Replaces every field of that name with one field.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// The number of fields, repeated names counted each time.
    public var count: Int { fields.count }

    /// Whether a field of that name is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.sameName($0.name, name) }
    }

    /// The values of every field of that name, in order; empty when absent.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.sameName($0.name, name) ? $0.value : nil }
    }

    /// The combined value of a field: the values of every field of that name joined with ", "
    /// (RFC 9110 §5.3), or nil when absent. Right for list-valued fields such as `Accept`; not for
    /// `Set-Cookie`, which is not a list.
    public func value(for name: String) -> String? {
        let all = values(for: name)
        return all.isEmpty ? nil : all.joined(separator: ", ")
    }

    /// The same as `value(for:)`.
    public subscript(name: String) -> String? { value(for: name) }

    /// The elements of a list-valued field over all its lines (`Connection: a, b` and a second
    /// `Connection: c` give `a`, `b`, `c`), without surrounding whitespace, empty elements dropped.
    public func listElements(for name: String) -> [Substring] {
        values(for: name).flatMap { ASCII.listElements($0) }
    }

    /// Whether a list-valued field holds `token`, compared without regard to ASCII case
    /// (`Connection: Close` holds `close`).
    public func containsToken(_ token: String, in name: String) -> Bool {
        listElements(for: name).contains { ASCII.equalsIgnoringCase($0, token) }
    }

    /// Whether the connection persists after this message (RFC 9112 §9.3): never when `Connection`
    /// holds `close`; otherwise always for HTTP/1.1, and for HTTP/1.0 only when it holds `keep-alive`.
    public func keepAlive(for version: HTTPVersion) -> Bool {
        if containsToken("close", in: "Connection") { return false }
        switch version {
        case .http1_1: return true
        case .http1_0: return containsToken("keep-alive", in: "Connection")
        }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// Equal when the same fields appear in the same order, names compared without regard to case.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { sameName($0.name, $1.name) && $0.value == $1.value }
    }

    static func sameName(_ a: String, _ b: String) -> Bool {
        ASCII.equalsIgnoringCase(a, b)
    }
}
