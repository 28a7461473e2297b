/// One event an `SSEStreamParser` dispatched: what an `EventSource` would hand to its listeners.
struct SSEMessage: Equatable, CustomStringConvertible {
    /// The event type: the last `event` field of the block, or `message` when there was none.
    var type: String
    /// The `data` lines of the block joined with LF (no trailing LF).
    var data: String
    /// The stream's last event ID when the event was dispatched (sticky across events).
    var lastEventID: String

    init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }

    var description: String { "\(type)(\(data.debugDescription), id: \(lastEventID.debugDescription))" }
}
