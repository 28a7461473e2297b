/// One scheduled timer: a cycle's warning or deadline, or a retired ticket's forget instant.
/// Entries are never removed early; a stale one (its `seq` no longer the owner's) is skipped.
struct TimerEntry: HeapOrdered {
    var instant: Int64
    var seq: UInt64
    var slot: Int32
    /// `kind * 2` = warning, `kind * 2 + 1` = deadline, `forget` = forget a retired ticket.
    var action: UInt8

    static let forget: UInt8 = 6

    /// Fires first: earlier instant, then older timer, then warning before deadline. (Equal
    /// instants are rare, so the heap's choice between children compiles to a conditional move
    /// on the instants alone, with a branch that is almost never taken for ties.)
    @inline(__always) static func precedes(_ a: TimerEntry, _ b: TimerEntry) -> Bool {
        if a.instant != b.instant { return a.instant < b.instant }
        if a.seq != b.seq { return a.seq < b.seq }
        return a.action < b.action
    }
}
