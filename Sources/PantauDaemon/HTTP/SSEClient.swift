import PantauHTTPServer

/// A connected `/events` client.
final class SSEClient {
    let connection: HTTPConnection
    /// `?channel=` as given; nil for every channel.
    let channels: Set<String>?
    /// The filter as a cache key (`chat,email`, or empty for all).
    let filterKey: String
    /// Monotonic seconds of the last write (for keepalive comments).
    var lastWrite: Double

    init(connection: HTTPConnection, channels: Set<String>?, now: Double) {
        self.connection = connection
        self.channels = channels
        self.filterKey = channels.map { $0.sorted().joined(separator: ",") } ?? ""
        self.lastWrite = now
    }

    func wants(_ channel: String) -> Bool { channels?.contains(channel) ?? true }
}
