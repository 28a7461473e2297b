import PantauCore

/// What a simulated line is.
public enum SimulatedLineKind: Sendable, Equatable {
    /// A real event of a ticket's lifecycle, emitted for the first time.
    case event
    /// An exact repeat of the line before it (the daemon must count it as a duplicate).
    case duplicate
    /// A broken line emitted in addition to the real events; the daemon must reject it with
    /// this reason.
    case malformed(RejectReason)
}
