import Glibc
import PantauSystem

/// An IPv4 or IPv6 socket address, printable as `127.0.0.1:9747` or `[::1]:9747`.
struct SocketAddress: CustomStringConvertible {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)

    var family: Int32 { Int32(storage.ss_family) }

    /// The local address a socket is bound to.
    static func local(of fd: Int32) -> SocketAddress? {
        var a = SocketAddress()
        let rc = withUnsafeMutablePointer(to: &a.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &a.length) }
        }
        return rc == 0 ? a : nil
    }

    var description: String {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer -> String in
            var host = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            switch Int32(storage.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &host, socklen_t(host.count))
                    return "\(Self.text(host)):\(UInt16(bigEndian: sin.pointee.sin_port))"
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &host, socklen_t(host.count))
                    return "[\(Self.text(host))]:\(UInt16(bigEndian: sin6.pointee.sin6_port))"
                }
            case AF_UNIX:
                return "unix"
            default:
                return "family \(storage.ss_family)"
            }
        }
    }

    private static func text(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
