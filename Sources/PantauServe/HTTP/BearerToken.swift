import PantauHTTP
import PantauSystem

/// The secret of `BearerTokenFile=`, and the check of a request against it.
struct BearerToken: Sendable, Equatable {
    let secret: [UInt8]

    /// Reads the token file (e.g. a systemd credential): its content without the trailing line
    /// end. Throws a message naming the file when it cannot be read or is empty.
    static func load(path: String) throws(ServeError) -> BearerToken {
        var bytes: [UInt8]
        do {
            bytes = try Files.read(path, limit: 64 * 1024)
        } catch {
            throw ServeError("BearerTokenFile=\(path): cannot read: \(error)")
        }
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        guard !bytes.isEmpty else { throw ServeError("BearerTokenFile=\(path): the file is empty") }
        return BearerToken(secret: bytes)
    }

    /// Whether the request carries the token: `Authorization: Bearer TOKEN`, or the
    /// `access_token` query parameter (RFC 6750 §2.3; browsers' EventSource cannot set headers).
    func admits(_ request: HTTPRequestHead) -> Bool {
        var offered: [UInt8]?
        if let header = request.headers["Authorization"] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                offered = Array(parts[1].utf8.drop { $0 == 0x20 })
            }
        }
        if offered == nil, let query = request.queryValues(for: "access_token").first {
            offered = Array(query.utf8)
        }
        guard let offered else { return false }
        return ConstantTime.equal(offered, secret)
    }
}
