import Testing
@testable import PantauHTTP

@Suite struct ServerSentEventTests {
    static func text(_ event: ServerSentEvent) -> String {
        var out: [UInt8] = []
        event.render(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func dataLinesSplitAtEveryKindOfLineBreak() {
        #expect(Self.text(ServerSentEvent(data: "a")) == "data: a\n\n")
        #expect(Self.text(ServerSentEvent(data: "")) == "data: \n\n")
        #expect(Self.text(ServerSentEvent(data: "a\nb\rc\r\nd")) == "data: a\ndata: b\ndata: c\ndata: d\n\n")
        #expect(Self.text(ServerSentEvent(data: "\r\n\n")) == "data: \ndata: \ndata: \n\n")
        #expect(Self.text(ServerSentEvent(data: "x\r")) == "data: x\ndata: \n\n")
    }

    @Test func idTypeAndRetryCannotBreakTheEvent() {
        let e = ServerSentEvent(type: "bre\nach", id: "a\rb\u{0}c", data: "{}", retry: 3000)
        #expect(Self.text(e) == "retry: 3000\nid: abc\nevent: breach\ndata: {}\n\n")
        var out: [UInt8] = []
        ServerSentEvent.comment("keep\nalive", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == ": keepalive\n\n")
    }
}
