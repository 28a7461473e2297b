import PantauHTTPServer
import PantauSystem

/// A connected `/events` client.
final class SSEClient {
    let connection: HTTPConnection
    /// `?channel=` as given; nil for every channel.
    let channels: Set<String>?
    /// The filter as a cache key (`chat,email`, or empty for all).
    let filterKey: String
    /// Monotonic seconds of the last write (for keepalive comments).
    var lastWrite: Double
    /// The last `breach`/`warning` sequence this client has (sent here, or before a resume): the
    /// id of what it is sent next, and nothing at or below it is sent again.
    var delivered: UInt64

    init(connection: HTTPConnection, channels: Set<String>?, now: Double, delivered: UInt64) {
        self.connection = connection
        self.channels = channels
        self.filterKey = channels.map { $0.sorted().joined(separator: ",") } ?? ""
        self.lastWrite = now
        self.delivered = delivered
    }

    func wants(_ channel: String) -> Bool { channels?.contains(channel) ?? true }
}
