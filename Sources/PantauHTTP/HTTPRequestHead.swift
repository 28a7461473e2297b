/// A parsed request line and header section.
public struct HTTPRequestHead: Sendable, Equatable, CustomStringConvertible {
    /// The method, case-sensitive.
    public var method: HTTPMethod
    /// The request target exactly as sent: `/events?channel=a%2Cb`, `*`, or an absolute URI.
    public var target: String
    /// The path of the target, still percent-encoded: `/events`. `*` for the asterisk form; for an
    /// absolute-form target (`http://host/p?q`) the path after the authority, `/` when empty.
    public var path: String
    /// The query pairs in order, decoded by `HTTPQueryDecoder` (`x=1+2` gives `("x", "1 2")`);
    /// empty without a query. Names may repeat.
    public var query: [(String, String)]
    /// The protocol version (`HTTP/1.2`… arrive as `.http1_1`).
    public var version: HTTPVersion
    /// The header fields in the order received, values trimmed of surrounding whitespace.
    public var headers: HTTPHeaders
    /// Whether the client expects the connection to persist after the response, from the version
    /// and `Connection` (see `HTTPHeaders.keepAlive(for:)`).
    public var keepAlive: Bool

    /// A head with the query decoded from `target` and `keepAlive` from `headers` and `version`.
    public init(method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keepAlive = headers.keepAlive(for: version)
        let (path, query) = Self.split(target)
        self.path = path
        self.query = query.map(HTTPQueryDecoder.decode) ?? []
    }

    /// The values of a query parameter, in order; `channel=a&channel=b` gives `["a", "b"]`.
    public func queryValues(for name: String) -> [String] {
        query.compactMap { $0.0 == name ? $0.1 : nil }
    }

    /// The values of a list-valued query parameter (`?channel=a,b`), split on literal commas
    /// before decoding (`HTTPQueryDecoder.decodeLists`), over every occurrence in order:
    /// `channel=a%2Cb,c&channel=d` gives `["a,b", "c", "d"]`.
    public func queryListValues(for name: String) -> [String] {
        guard let raw = Self.split(target).query else { return [] }
        return HTTPQueryDecoder.decodeLists(raw).flatMap { $0.0 == name ? $0.1 : [] }
    }

    public var description: String { "\(method) \(target) \(version)" }

    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path && lhs.version == rhs.version
            && lhs.headers == rhs.headers && lhs.keepAlive == rhs.keepAlive
            && lhs.query.count == rhs.query.count && zip(lhs.query, rhs.query).allSatisfy { $0 == $1 }
    }

    /// The path and the raw query (after `?`, nil without one) of a target in any form.
    static func split(_ target: String) -> (path: String, query: String?) {
        let bytes = target.utf8
        var pathStart = bytes.startIndex
        if bytes.first != ASCII.slash, let colon = bytes.firstIndex(of: ASCII.colon),
           bytes[colon...].starts(with: "://".utf8) {
            // absolute-form: drop scheme and authority.
            let authority = bytes.index(colon, offsetBy: 3)
            pathStart = bytes[authority...].firstIndex { $0 == ASCII.slash || $0 == ASCII.question } ?? bytes.endIndex
        }
        let question = bytes[pathStart...].firstIndex(of: ASCII.question)
        let path = target[pathStart..<(question ?? bytes.endIndex)]
        return (path.isEmpty ? "/" : String(path), question.map { String(target[bytes.index(after: $0)...]) })
    }
}
