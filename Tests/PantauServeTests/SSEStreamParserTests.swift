import Testing
import PantauTestKit

/// `SSEStreamParser` against the WHATWG "Interpreting an event stream" rules and the examples of
/// the HTML standard's server-sent events section.
@Suite struct SSEStreamParserTests {
    static func parse(_ bytes: [UInt8]) -> (messages: [SSEMessage], parser: SSEStreamParser) {
        var parser = SSEStreamParser()
        let messages = parser.feed(bytes)
        return (messages, parser)
    }

    static func messages(_ text: String) -> [SSEMessage] { parse(Array(text.utf8)).messages }

    // MARK: The standard's examples

    @Test func multiLineDataIsJoinedWithLineFeeds() {
        #expect(Self.messages("data: YHOO\ndata: +2\ndata: 10\n\n") == [SSEMessage(data: "YHOO\n+2\n10")])
    }

    @Test func commentsIDsAndTheLeadingSpace() {
        let text = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n"
        let (messages, parser) = Self.parse(Array(text.utf8))
        #expect(messages == [
            SSEMessage(data: "first event", lastEventID: "1"),
            // `id` with no value resets the last event ID.
            SSEMessage(data: "second event", lastEventID: ""),
            // Only one leading space is removed.
            SSEMessage(data: " third event", lastEventID: ""),
        ])
        #expect(parser.comments == ["test stream"])
    }

    @Test func emptyDataFieldsAndTheIncompleteLastBlock() {
        // "data" alone is the field `data` with an empty value; the last block has no blank line.
        #expect(Self.messages("data\n\ndata\ndata\n\ndata:") == [SSEMessage(data: ""), SSEMessage(data: "\n")])
    }

    @Test func aSpaceAfterTheColonIsOptional() {
        #expect(Self.messages("data:test\n\ndata: test\n\n") == [SSEMessage(data: "test"), SSEMessage(data: "test")])
    }

    @Test func eventTypes() {
        let text = "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n"
        #expect(Self.messages(text) == [
            SSEMessage(type: "add", data: "73857293"), SSEMessage(type: "remove", data: "2153"),
            SSEMessage(type: "add", data: "113411"),
        ])
    }

    // MARK: Dispatch

    @Test func aBlockWithoutDataIsNotDispatchedAndResetsTheType() {
        #expect(Self.messages("event: lost\n\ndata: x\n\n") == [SSEMessage(type: "message", data: "x")])
        #expect(Self.messages("event:\ndata: x\n\n") == [SSEMessage(type: "message", data: "x")])
    }

    @Test func theLastEventIDIsStickyAndSetEvenWithoutDispatch() {
        let (messages, parser) = Self.parse(Array("id: 7\ndata: a\n\ndata: b\n\nid: 9\n\n".utf8))
        #expect(messages == [SSEMessage(data: "a", lastEventID: "7"), SSEMessage(data: "b", lastEventID: "7")])
        #expect(parser.lastEventID == "9")
    }

    @Test func theLastEventIDChangesOnlyAtABlankLine() {
        var parser = SSEStreamParser()
        #expect(parser.feed("id: 1\ndata: a\n\nid: 2\n").map(\.lastEventID) == ["1"])
        #expect(parser.lastEventID == "1")
        #expect(parser.feed("\n").isEmpty)
        #expect(parser.lastEventID == "2")
    }

    @Test func anIDContainingNULIsIgnored() {
        let (messages, parser) = Self.parse(Array("id: 1\ndata: a\n\nid: 2\u{0}3\ndata: b\n\n".utf8))
        #expect(messages == [SSEMessage(data: "a", lastEventID: "1"), SSEMessage(data: "b", lastEventID: "1")])
        #expect(parser.lastEventID == "1")
    }

    @Test func retryTakesOnlyASCIIDigits() {
        var parser = SSEStreamParser()
        #expect(parser.retry == nil)
        _ = parser.feed("retry: 1500\n")
        #expect(parser.retry == 1500)
        for bad in ["15x", "-5", "+5", "1.5", "", " 300", "0x10", "١٢", "1 5", "99999999999999999999999"] {
            _ = parser.feed("retry: \(bad)\n")
            #expect(parser.retry == 1500, "retry: \(bad)")
        }
        _ = parser.feed("retry:0042\n\n")
        #expect(parser.retry == 42)
    }

    @Test func unknownAndMisspelledFieldsAreIgnored() {
        #expect(Self.messages("foo: bar\nData: x\ndata : y\nevent\ndata: z\n\n") == [SSEMessage(data: "z")])
    }

    @Test func onlyTheFirstColonSplits() {
        #expect(Self.messages("data: a:b: c\n\n") == [SSEMessage(data: "a:b: c")])
    }

    @Test func commentsAreRecordedAndDoNotEndABlock() {
        // The text after the colon and one space, as for a field value.
        let (messages, parser) = Self.parse(Array(": keepalive\ndata: a\n:\n: x: y\ndata: b\n\n".utf8))
        #expect(messages == [SSEMessage(data: "a\nb")])
        #expect(parser.comments == ["keepalive", "", "x: y"])
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let bytes: [UInt8] = Array("data: a".utf8) + [0xFF, 0xE6, 0xBC] + Array("b\n\n".utf8)
        #expect(Self.parse(bytes).messages == [SSEMessage(data: "a\u{FFFD}\u{FFFD}b")])
    }

    @Test func multiByteCharactersSurvive() {
        #expect(Self.messages("event: ruang_tunggu_é漢\ndata: {\"c\":\"é漢\"}\n\n")
            == [SSEMessage(type: "ruang_tunggu_é漢", data: "{\"c\":\"é漢\"}")])
    }

    // MARK: Line ends

    @Test func crLfAndCrlfAreAllLineEnds() {
        #expect(Self.messages("data: a\rdata: b\r\ndata: c\n\r\n") == [SSEMessage(data: "a\nb\nc")])
        #expect(Self.messages("data: a\r\rdata: b\n\ndata: c\r\n\r\n") == [SSEMessage(data: "a"), SSEMessage(data: "b"), SSEMessage(data: "c")])
        // LF CR is two line ends; CR LF one.
        #expect(Self.messages("data: a\n\rdata: b\r\n\r\n") == [SSEMessage(data: "a"), SSEMessage(data: "b")])
    }

    @Test func aCRAtTheEndOfAChunkAndAnLFStartingTheNextAreOneLineEnd() {
        var parser = SSEStreamParser()
        #expect(parser.feed("data: a\r").isEmpty)
        #expect(parser.feed("\ndata: b\r").isEmpty)
        #expect(parser.feed("\n\r") == [SSEMessage(data: "a\nb")])
        // The LF completing that CRLF is not a second blank line.
        #expect(parser.feed("\ndata: c\n").isEmpty)
        #expect(parser.feed("\n") == [SSEMessage(data: "c")])
    }

    @Test func anUnterminatedLineWaitsForTheNextChunk() {
        var parser = SSEStreamParser()
        #expect(parser.feed("data: x\n\ndata: y") == [SSEMessage(data: "x")])
        #expect(parser.feed("z\n") == [])
        #expect(parser.feed("\n") == [SSEMessage(data: "yz")])
    }

    // MARK: BOM

    @Test func oneLeadingBOMIsStripped() {
        #expect(Self.messages("\u{FEFF}data: x\n\n") == [SSEMessage(data: "x")])
        // A second BOM is part of the first field name, which is then unknown.
        #expect(Self.messages("\u{FEFF}\u{FEFF}data: x\n\ndata: y\n\n") == [SSEMessage(data: "y")])
        // A BOM later in the stream is text.
        #expect(Self.messages("data: a\n\n\u{FEFF}data: b\n\ndata: \u{FEFF}c\n\n") == [SSEMessage(data: "a"), SSEMessage(data: "\u{FEFF}c")])
    }

    @Test func aBOMSplitAcrossChunksIsStillStripped() {
        var parser = SSEStreamParser()
        #expect(parser.feed([0xEF]).isEmpty)
        #expect(parser.feed([0xBB]).isEmpty)
        #expect(parser.feed([0xBF] + Array("data: x\n\n".utf8)) == [SSEMessage(data: "x")])
    }

    @Test func aBOMPrefixThatIsNotABOMIsText() {
        // EF BB then a blank line: the held bytes are a (broken) line of their own, an unknown field.
        var parser = SSEStreamParser()
        #expect(parser.feed([0xEF, 0xBB]).isEmpty)
        #expect(parser.feed(Array("\n\ndata: x\n\n".utf8)) == [SSEMessage(data: "x")])
        // EF then a line end: the stream starts with a line holding U+FFFD.
        #expect(Self.parse([0xEF, 0x0A] + Array("data: y\n\n".utf8)).messages == [SSEMessage(data: "y")])
        #expect(Self.parse([0xEF, 0xBB] + Array(":c\n".utf8)).parser.comments.isEmpty)
        #expect(Self.parse(Array(":c\n".utf8)).parser.comments == ["c"])
    }

    // MARK: Chunking

    /// A stream exercising every rule: BOM, all line ends, multi-byte text, comments, ids, retry.
    static let mixedStream: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
        ": keepalive\r\nretry: 2500\r\nid: BOOT-1\nevent: snapshot\rdata: {\"channels\":{\"ruang_tunggu_é漢\":1}}\r\n"
            + "data:second\r\n\r\n"
            + "id: BOOT-\u{0}x\nevent: breach\ndata\n\n"
            + ": x\rid\revent: warning\rdata: 漢字\r\r"
            + "data: a\n\ndata: tail"
    ).utf8)

    static let mixedExpected = [
        SSEMessage(type: "snapshot", data: "{\"channels\":{\"ruang_tunggu_é漢\":1}}\nsecond", lastEventID: "BOOT-1"),
        SSEMessage(type: "breach", data: "", lastEventID: "BOOT-1"),
        SSEMessage(type: "warning", data: "漢字", lastEventID: ""),
        SSEMessage(type: "message", data: "a", lastEventID: ""),
    ]

    static func feed(_ chunks: [ArraySlice<UInt8>]) -> (messages: [SSEMessage], parser: SSEStreamParser) {
        var parser = SSEStreamParser()
        var messages: [SSEMessage] = []
        for chunk in chunks { messages += parser.feed(Array(chunk)) }
        return (messages, parser)
    }

    @Test func theMixedStreamInOneChunk() {
        let (messages, parser) = Self.feed([Self.mixedStream[...]])
        #expect(messages == Self.mixedExpected)
        #expect(parser.retry == 2500)
        #expect(parser.comments == ["keepalive", "x"])
    }

    @Test func byteByByteGivesTheSameMessages() {
        let (messages, parser) = Self.feed(Self.mixedStream.indices.map { Self.mixedStream[$0...$0] })
        #expect(messages == Self.mixedExpected)
        #expect(parser.retry == 2500)
        #expect(parser.comments == ["keepalive", "x"])
    }

    @Test func everySplitIntoTwoOrThreeChunksGivesTheSameMessages() {
        let s = Self.mixedStream
        var runs = 0
        for i in 0...s.count {
            for j in i...s.count {
                let (messages, parser) = Self.feed([s[..<i], s[i..<j], s[j...]])
                runs += 1
                guard messages == Self.mixedExpected, parser.comments == ["keepalive", "x"], parser.retry == 2500 else {
                    Issue.record("split at \(i), \(j): \(messages)")
                    return
                }
            }
        }
        #expect(runs == (s.count + 1) * (s.count + 2) / 2)
    }
}
