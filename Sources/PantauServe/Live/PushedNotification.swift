import PantauCore
import PantauSystem

/// A `breach` or `warning` with its push sequence number (the SEQ of its SSE id `BOOT-SEQ`).
struct PushedNotification: Sendable {
    var sequence: UInt64
    var notification: SLANotification
}
