import PantauTestKit
import Testing

/// The test kit's chunked decoder (used to read `/events` through nginx) decodes the RFC 9112
/// example however the bytes are split, and refuses a broken size line.
@Suite struct ChunkedDecoderTests {
    static let wire = Array("4;name=value\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n".utf8)

    @Test func decodesWhateverTheSplit() {
        for cut in 0...Self.wire.count {
            var d = ChunkedDecoder()
            let out = d.feed(Array(Self.wire[..<cut])) + d.feed(Array(Self.wire[cut...]))
            #expect(String(decoding: out, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.", "cut \(cut)")
            #expect(d.finished && d.failure == nil)
        }
        var byByte = ChunkedDecoder()
        let out = Self.wire.flatMap { byByte.feed([$0]) }
        #expect(out.count == 23 && byByte.finished)
    }

    @Test func refusesABrokenSizeLine() {
        var d = ChunkedDecoder()
        #expect(d.feed(Array("zz\r\nabc".utf8)).isEmpty)
        #expect(d.failure != nil && !d.finished)
        var signed = ChunkedDecoder()
        _ = signed.feed(Array("-1\r\n".utf8))
        #expect(signed.failure != nil)
        var missing = ChunkedDecoder()
        _ = missing.feed(Array("3\r\nabcX\r\n".utf8))
        #expect(missing.failure != nil)
    }
}
