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
        let bytes = Array(query.utf8)
        bytes.withUnsafeBufferPointer { p in
            var start = 0
            while start <= p.count {
                var end = start
                while end < p.count, p[end] != ASCII.ampersand { end += 1 }
                if end > start {
                    var equals = start
                    while equals < end, p[equals] != ASCII.equals { equals += 1 }
                    let name = decodeComponent(UnsafeBufferPointer(rebasing: p[start..<equals]))
                    let value = equals < end ? decodeComponent(UnsafeBufferPointer(rebasing: p[(equals + 1)..<end])) : ""
                    pairs.append((name, value))
                }
                start = end + 1
            }
        }
        return pairs
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
