// libFuzzer harness for the event parser: any bytes, as one line, must give an event or a
// rejection reason, never a crash; an accepted event must survive a format/parse round trip of ts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var parser = EventParser(channelNames: ["hotline", "chat", "web_form", "ch\"\\é"], maxLineBytes: 4096)
    let outcome = parser.parse(UnsafeBufferPointer(start: data, count: size))
    if case .event(let e) = outcome {
        precondition(!e.ticket.isEmpty && e.ticket.utf8.count <= 128)
        precondition(RFC3339.parse(RFC3339.format(e.timestamp)) == e.timestamp)
        precondition(e.type.requiresChannel == (e.channel != nil))
    }
    return 0
}
