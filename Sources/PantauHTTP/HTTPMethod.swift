/// A request method. Methods are case-sensitive (RFC 9110 §9.1): `get` is `.other("get")`, not `.get`.
public enum HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    case get
    case head
    case options
    /// Any other method token, as sent (`POST`, `PUT`, `PRI`…); a server answers these with 405.
    case other(String)

    /// The method for a token as it appears on the request line.
    public init(_ name: String) {
        switch name {
        case "GET": self = .get
        case "HEAD": self = .head
        case "OPTIONS": self = .options
        default: self = .other(name)
        }
    }

    /// The method token as it appears on the request line.
    public var name: String {
        switch self {
        case .get: return "GET"
        case .head: return "HEAD"
        case .options: return "OPTIONS"
        case .other(let name): return name
        }
    }

    public var description: String { name }
}
