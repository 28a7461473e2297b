import Glibc
import PantauSystem

/// A `Listen=` value: `HOST:PORT` or `[IPV6]:PORT` (`*:PORT` or `:PORT` for every IPv4 and
/// IPv6 address). The host may be a name; it is resolved when the server starts.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// Without brackets; nil for the wildcard.
    public var host: String?
    public var port: UInt16

    public init(host: String?, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses a `Listen=` value, or throws a message naming what is wrong.
    public init(parsing text: String) throws(HTTPServerError) {
        let bad = { (why: String) in HTTPServerError("invalid listen address \"\(text)\": \(why)") }
        var hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw bad("missing ]") }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw bad("expected :PORT after ]") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw bad("expected HOST:PORT") }
            hostPart = text[..<colon]
            guard !hostPart.contains(":") else { throw bad("write IPv6 addresses in brackets, [::1]:9747") }
            portPart = text[text.index(after: colon)...]
        }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
              let port = UInt16(portPart) else { throw bad("port must be 0…65535") }
        if hostPart == "*" { hostPart = "" }
        self.host = hostPart.isEmpty ? nil : String(hostPart)
        self.port = port
    }

    public var description: String {
        guard let host else { return "*:\(port)" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The socket addresses to bind: every address the host resolves to (both families for the
    /// wildcard).
    func resolve() throws(HTTPServerError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw HTTPServerError("cannot resolve listen address \(self): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var out: [SocketAddress] = []
        var seen: Set<String> = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            defer { cursor = info.pointee.ai_next }
            guard info.pointee.ai_family == AF_INET || info.pointee.ai_family == AF_INET6,
                  let addr = info.pointee.ai_addr else { continue }
            var a = SocketAddress()
            a.length = info.pointee.ai_addrlen
            withUnsafeMutableBytes(of: &a.storage) { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(start: addr, count: Int(info.pointee.ai_addrlen)))
            }
            if seen.insert(a.description).inserted { out.append(a) }
        }
        return out
    }
}
