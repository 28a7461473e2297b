@testable import PantauHTTP

/// Feeds input to a parser in given chunks and collects everything it hands out: every request
/// head, then the error if there is one (after which nothing more is fed).
struct ParserDriver {
    var parser: HTTPRequestParser
    /// Largest `bufferedByteCount` seen after any call.
    private(set) var peakBuffered = 0

    init(_ parser: HTTPRequestParser = HTTPRequestParser()) { self.parser = parser }

    /// The results of `input` cut after each length in `chunks` (the rest as a last chunk).
    mutating func results(_ input: [UInt8], chunks: [Int] = []) -> [HTTPRequestParser.Result] {
        var out: [HTTPRequestParser.Result] = []
        var offset = 0
        var cuts = chunks.makeIterator()
        while offset < input.count {
            let size = min(input.count - offset, max(1, cuts.next() ?? input.count))
            var result = input[offset..<(offset + size)].withUnsafeBufferPointer { parser.feed($0) }
            offset += size
            peakBuffered = max(peakBuffered, parser.bufferedByteCount)
            while true {
                switch result {
                case .needMore:
                    break
                case .request:
                    out.append(result)
                    result = parser.next()
                    continue
                case .error:
                    out.append(result)
                    return out
                }
                break
            }
        }
        return out
    }

    /// The results of `text` fed whole.
    static func results(_ text: String, _ parser: HTTPRequestParser = HTTPRequestParser()) -> [HTTPRequestParser.Result] {
        var driver = ParserDriver(parser)
        return driver.results(Array(text.utf8))
    }

    /// The single result of `text` fed whole: its one request or error, `.needMore` when nothing came.
    static func result(_ text: String, _ parser: HTTPRequestParser = HTTPRequestParser()) -> HTTPRequestParser.Result {
        results(text, parser).first ?? .needMore
    }

    /// The request head of `text`, nil on anything else.
    static func head(_ text: String, _ parser: HTTPRequestParser = HTTPRequestParser()) -> HTTPRequestHead? {
        if case .request(let head, _) = result(text, parser) { return head }
        return nil
    }
}

extension HTTPRequestParser.Result {
    /// The status of an error result, nil otherwise.
    var status: HTTPStatus? {
        if case .error(let status) = self { return status }
        return nil
    }
}
