import Testing
@testable import PantauHTTP
import PantauSimulator

/// The parser over a byte stream: pipelining, chunk boundaries anywhere, and the memory bound.
@Suite struct HTTPRequestParserChunkingTests {
    /// Requests and faults whose results must not depend on where the input is cut.
    static let corpus: [String] = [
        "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9747\r\nAccept: \(HTTPRequestParserTests.prometheusAccept)\r\n\r\n",
        "GET /events?channel=a%2Cb&x=1+2 HTTP/1.1\r\nHost: h\r\nLast-Event-ID: 7-1\r\n\r\n",
        "HEAD /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "\r\nOPTIONS * HTTP/1.1\nHost: h\nContent-Length: 3\n\nabc",
        "GET http://h/readyz HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        "GET /api/v1/snapshot HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\(String(repeating: "X-Pad: 0123456789\r\n", count: 40))\r\n",
        "GET / HTTP/1.1\rHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ]

    /// Small limits so that the corpus reaches them.
    static let parser = HTTPRequestParser(maxTargetBytes: 256, maxHeaderBytes: 512, maxBodyBytes: 4)

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func pipelinedRequestsInOneChunkAllComeOut() throws {
        var parser = HTTPRequestParser()
        let input = bytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\nGET /4 HT")
        var paths: [String] = []
        var result = input.withUnsafeBufferPointer { parser.feed($0) }
        while case .request(let head, _) = result {
            paths.append(head.path)
            result = parser.next()
        }
        #expect(paths == ["/1", "/2", "/3"])
        #expect(result == .needMore)
        #expect(parser.bufferedByteCount == "GET /4 HT".utf8.count)
        #expect(parser.hasPartialRequest)
        let rest = bytes("TP/1.1\r\nHost: h\r\n\r\n")
        guard case .request(let last, _) = rest.withUnsafeBufferPointer({ parser.feed($0) }) else {
            Issue.record("expected the fourth request")
            return
        }
        #expect(last.path == "/4")
        #expect(parser.next() == .needMore)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func oneByteAtATimeGivesTheSameResults() {
        for text in Self.corpus {
            let input = bytes(text)
            var whole = ParserDriver(Self.parser)
            var single = ParserDriver(Self.parser)
            let expected = whole.results(input)
            #expect(!expected.isEmpty)
            #expect(single.results(input, chunks: Array(repeating: 1, count: input.count)) == expected, "\(text.debugDescription)")
        }
    }

    @Test func theWholeCorpusPipelinedGivesEachResultInOrder() {
        // Concatenated, the stream stops at the first fault; before it, one result per request.
        let input = bytes(Self.corpus.joined())
        var driver = ParserDriver(Self.parser)
        let results = driver.results(input)
        #expect(results.count == 6)
        #expect(results.prefix(5).allSatisfy { if case .request = $0 { true } else { false } })
        #expect(results.last == .error(.badRequest))  // the obs-fold
    }

    @Test(arguments: 0..<8)
    func randomChunkingsGiveTheSameResultsAsOneBuffer(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x5851_F42D_4C95_7F2D &+ 1)
        for _ in 0..<50 {
            // A random pipeline of corpus entries, cut at random points.
            let count = Int.random(in: 1...6, using: &generator)
            let text = (0..<count).map { _ in Self.corpus.randomElement(using: &generator)! }.joined()
            let input = bytes(text)
            var cuts: [Int] = []
            var covered = 0
            while covered < input.count {
                let size = Int.random(in: 1...(Bool.random(using: &generator) ? 8 : 200), using: &generator)
                cuts.append(size)
                covered += size
            }
            var whole = ParserDriver(Self.parser)
            var chunked = ParserDriver(Self.parser)
            let expected = whole.results(input)
            let actual = chunked.results(input, chunks: cuts)
            #expect(actual == expected, "cuts \(cuts) of \(text.debugDescription)")
            #expect(chunked.peakBuffered <= Self.parser.maxHeaderBytes)
        }
    }

    @Test func aMebibyteOfHeaderFieldsStopsAt431WithinTheBound() {
        let head = "GET / HTTP/1.1\r\nHost: h\r\n"
        var input = Array(head.utf8)
        while input.count < 1 << 20 { input.append(contentsOf: "X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".utf8) }
        for chunk in [input.count, 4096, 1000, 1] {
            var driver = ParserDriver()
            let results = driver.results(input, chunks: Array(repeating: chunk, count: input.count / chunk + 1))
            #expect(results == [.error(.requestHeaderFieldsTooLarge)], "chunk \(chunk)")
            #expect(driver.peakBuffered <= 16 * 1024, "chunk \(chunk)")
            #expect(driver.parser.bufferedByteCount == 0)
        }
        // One endless field line, without any LF.
        var line = Array("GET / HTTP/1.1\r\nX: ".utf8)
        line.append(contentsOf: repeatElement(UInt8(ascii: "v"), count: 1 << 20))
        var driver = ParserDriver()
        #expect(driver.results(line, chunks: Array(repeating: 65536, count: 17)) == [.error(.requestHeaderFieldsTooLarge)])
        #expect(driver.peakBuffered <= 16 * 1024)
    }

    @Test func aMebibyteOfTargetOrEmptyLinesStaysBounded() {
        var target = Array("GET /".utf8)
        target.append(contentsOf: repeatElement(UInt8(ascii: "t"), count: 1 << 20))
        var driver = ParserDriver()
        #expect(driver.results(target, chunks: Array(repeating: 3000, count: 400)) == [.error(.uriTooLong)])
        #expect(driver.peakBuffered <= 16 * 1024)

        let blank = Array(repeating: Array("\r\n".utf8), count: 1 << 19).flatMap { $0 }
        var blanks = ParserDriver()
        #expect(blanks.results(blank) == [.error(.badRequest)])
        #expect(blanks.peakBuffered == 0)
    }

    @Test func aBodySplitAcrossChunksIsSkipped() {
        let parser = HTTPRequestParser(maxBodyBytes: 1000)
        // The body looks like requests; none of it may be parsed.
        let body = Array(repeating: Array("GET /x HTTP/1.1\r\n\r\n".utf8), count: 60).flatMap { $0 }.prefix(1000)
        let input = Array("GET /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n".utf8) + body
            + Array("GET /b HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        for chunk in [1, 7, 333, input.count] {
            var driver = ParserDriver(parser)
            let paths = driver.results(input, chunks: Array(repeating: chunk, count: input.count)).compactMap { result -> String? in
                if case .request(let head, _) = result { return head.path }
                return nil
            }
            #expect(paths == ["/a", "/b"], "chunk \(chunk)")
        }
    }
}
