/// What the parser made of one line: an event, or the reason it was rejected.
public enum ParseOutcome: Sendable, Equatable {
    case event(Event)
    case rejected(RejectReason)
}
