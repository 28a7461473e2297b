/// What the parser made of one line, with the ticket id borrowed from the line: the zero-copy
/// counterpart of `ParseOutcome`, valid only inside the closure given to `EventParser.parse(_:_:)`.
public enum ParsedLine {
    case event(EventView)
    case rejected(RejectReason)
}
