import PantauSystem

/// One event an `SSEStreamParser` dispatched: what an `EventSource` would hand to its listeners.
package struct SSEMessage: Equatable, CustomStringConvertible {
    /// The event type: the last `event` field of the block, or `message` when there was none.
    package var type: String
    /// The `data` lines of the block joined with LF (no trailing LF).
    package var data: String
    /// The stream's last event ID when the event was dispatched (sticky across events).
    package var lastEventID: String

    package init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }

    package var description: String { "\(type)(\(data.debugDescription), id: \(lastEventID.debugDescription))" }
}
