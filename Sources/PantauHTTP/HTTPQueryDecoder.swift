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
        for piece in query.utf8.split(separator: ASCII.ampersand) {
            if let equals = piece.firstIndex(of: ASCII.equals) {
                pairs.append((decodeComponent(piece[piece.startIndex..<equals]),
                              decodeComponent(piece[piece.index(after: equals)...])))
            } else {
                pairs.append((decodeComponent(piece), ""))
            }
        }
        return pairs
    }

    /// One name or value: `+` becomes a space, `%XX` the byte it encodes.
    public static func decodeComponent<C: Collection<UInt8>>(_ bytes: C) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == ASCII.plus {
                out.append(ASCII.space)
            } else if b == ASCII.percent,
                      let first = bytes.index(i, offsetBy: 1, limitedBy: bytes.endIndex), first != bytes.endIndex,
                      let second = bytes.index(first, offsetBy: 1, limitedBy: bytes.endIndex), second != bytes.endIndex,
                      let high = ASCII.hexValue(bytes[first]), let low = ASCII.hexValue(bytes[second]) {
                out.append(high << 4 | low)
                i = second
            } else {
                out.append(b)
            }
            i = bytes.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
