/// The protocol version of a request; the parser answers every other version with 505.
///
/// A request that says `HTTP/1.2`…`HTTP/1.9` is read as `HTTP/1.1`, as RFC 9110 §2.5 asks of a
/// recipient that implements a lower minor version of the same major version.
public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// `HTTP/1.0`: connections close after each response unless the client asks for keep-alive.
    case http1_0
    /// `HTTP/1.1`: connections persist unless either side says `Connection: close`.
    case http1_1

    /// `HTTP/1.0` or `HTTP/1.1`.
    public var description: String {
        switch self {
        case .http1_0: return "HTTP/1.0"
        case .http1_1: return "HTTP/1.1"
        }
    }
}
