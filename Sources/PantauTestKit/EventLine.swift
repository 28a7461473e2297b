/// One spool line (SPEC §2) for tests, newline included: the one place tests spell the event format.
package enum EventLine {
    /// `channel` is written when given; `extra` is appended inside the object (`,"priority":"high"`).
    package static func json(_ id: String, _ ticket: String, _ type: String, ts: String, channel: String? = nil,
                             extra: String = "") -> String {
        let c = channel.map { #","channel":"\#($0)""# } ?? ""
        return #"{"id":"\#(id)","ts":"\#(ts)","ticket":"\#(ticket)","type":"\#(type)"\#(c)\#(extra)}"# + "\n"
    }
}
