import Testing
@testable import PantauHTTP

/// List-valued query parameters: literal commas split, `%2C` is a comma inside a part.
@Suite struct HTTPQueryListTests {
    @Test func literalCommasSplitAndEncodedCommasDoNot() {
        let head = HTTPRequestHead(method: .get, target: "/events?channel=a%2Cb,c&x=1&channel=d%2c&channel=", version: .http1_1)
        #expect(head.queryListValues(for: "channel") == ["a,b", "c", "d,"])
        #expect(head.queryListValues(for: "x") == ["1"])
        #expect(head.queryListValues(for: "none") == [])
        // The plain decoding is unchanged.
        #expect(head.queryValues(for: "channel") == ["a,b,c", "d,", ""])
    }

    @Test func emptyPartsAreDroppedAndPartsAreDecoded() {
        #expect(HTTPQueryDecoder.decodeLists("c=,a,,b+c,%41,") .map { $0.1 } == [["a", "b c", "A"]])
        #expect(HTTPQueryDecoder.decodeLists("flag").map { $0.0 } == ["flag"])
        #expect(HTTPQueryDecoder.decodeLists("flag").map { $0.1 } == [[]])
    }
}
