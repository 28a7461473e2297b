/// Splits and decodes the query of a request target as HTML forms encode it
/// (`application/x-www-form-urlencoded`): pairs separated by `&`, name and value by the first `=`,
/// `+` for a space, `%XX` for a byte.
///
/// Lenient where that harms nothing: a `%` not followed by two hex digits stays as it is, a pair
/// without `=` has an empty value, empty pairs (`a&&b`) are skipped, and bytes that are not UTF-8
/// after decoding become U+FFFD.
public enum HTTPQueryDecoder {
    /// The decoded pairs of a query, without its leading `?`.
    public static func decode(_ query: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        forEachPair(query) { name, value in pairs.append((decodeComponent(name), decodeComponent(value))) }
        return pairs
    }

    /// The pairs of a query whose values are comma-separated lists (`?channel=chat,email`): each
    /// value is split on its literal commas first and each part decoded after, so a `%2C` is a
    /// comma inside a part (`channel=a%2Cb,c` gives `("channel", ["a,b", "c"])`). Empty parts are
    /// dropped.
    public static func decodeLists(_ query: String) -> [(String, [String])] {
        var pairs: [(String, [String])] = []
        forEachPair(query) { name, value in
            let parts = value.split(separator: ASCII.comma).map { decodeComponent(UnsafeBufferPointer(rebasing: $0)) }
            pairs.append((decodeComponent(name), parts))
        }
        return pairs
    }

    /// Calls `body` with the raw (still encoded) name and value of every non-empty pair.
    private static func forEachPair(_ query: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        let bytes = Array(query.utf8)
        bytes.withUnsafeBufferPointer { p in
            var start = 0
            while start <= p.count {
                var end = start
                while end < p.count, p[end] != ASCII.ampersand { end += 1 }
                if end > start {
                    var equals = start
                    while equals < end, p[equals] != ASCII.equals { equals += 1 }
                    let valueStart = min(end, equals + 1)
                    body(UnsafeBufferPointer(rebasing: p[start..<equals]), UnsafeBufferPointer(rebasing: p[valueStart..<end]))
                }
                start = end + 1
            }
        }
    }

    /// One name or value: `+` becomes a space, `%XX` the byte it encodes.
    public static func decodeComponent(_ component: String) -> String {
        Array(component.utf8).withUnsafeBufferPointer { decodeComponent($0) }
    }

    static func decodeComponent(_ p: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        var i = 0
        while i < p.count {
            let b = p[i]
            if b == ASCII.plus {
                out.append(ASCII.space)
            } else if b == ASCII.percent, i + 2 < p.count,
                      let high = ASCII.hexValue(p[i + 1]), let low = ASCII.hexValue(p[i + 2]) {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
