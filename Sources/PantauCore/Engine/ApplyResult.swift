/// What happened to one event given to the engine.
public enum ApplyResult: Sendable, Equatable {
    case applied
    case duplicate
    case rejected(RejectReason)
}
