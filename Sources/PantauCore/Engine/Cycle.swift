/// One SLA clock of a ticket (SPEC §3.2). A cycle lives in its ticket while it is undecided, and
/// after a breach until it is fulfilled; any other outcome removes it at once.
struct Cycle {
    /// When the cycle started (effective time of the event that started it).
    var start: Instant
    /// The target this cycle must meet, in consumed (business, unpaused) time.
    var budget: TimeSpan
    /// Time consumed up to `since`.
    var consumed: TimeSpan
    /// While running: the instant from which consumption accrues. While paused: unused.
    var since: Instant
    /// The deadline while running and undecided; `distantFuture` otherwise.
    var deadline: Instant
    /// Identifies this cycle's live timer entries; bumped whenever they are replaced.
    var timerSeq: UInt64
    /// The channel the cycle started in: its SLA figures belong there.
    var channel: UInt16
    /// Index of the calendar in the engine's settings; -1 = 24/7.
    var calendar: Int16
    var kind: SLAKind
    var paused: Bool
    /// Whether the warning has fired (the cycle is at risk).
    var warned: Bool
    /// Whether the outcome `breached` is decided (the cycle awaits fulfilment).
    var breached: Bool

    /// Undecided cycles count as `running`.
    var undecided: Bool { !breached }
}
