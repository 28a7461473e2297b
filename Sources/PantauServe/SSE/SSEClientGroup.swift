import PantauCore
import PantauHTTPServer
import PantauSystem

/// The `/events` clients on one HTTP shard, and what they have been sent. Confined to the shard's
/// event loop, so shards send to their clients in parallel and a connection is only touched on
/// its own loop.
final class SSEClientGroup: @unchecked Sendable {
    let loop: EventLoop
    private(set) var clients: [UInt64: SSEClient] = [:]
    /// The last `breach`/`warning` sequence handed to these clients. Snapshots and `metrics` sent
    /// here carry it as their id, and a resume here replays history only up to it: events after it
    /// are on their way to this loop and reach a new client through `deliver`, so each arrives
    /// exactly once.
    var deliveredSequence: UInt64

    init(loop: EventLoop, deliveredSequence: UInt64) {
        self.loop = loop
        self.deliveredSequence = deliveredSequence
    }

    var count: Int { clients.count }

    func add(_ client: SSEClient) { clients[client.connection.id] = client }

    func remove(_ id: UInt64) -> Bool { clients.removeValue(forKey: id) != nil }

    /// Sends one batch of rendered events (in sequence order), each client only its channels and
    /// only what it does not have yet, as one write per client.
    func deliver(_ rendered: [EventHistory.Entry], now: Double) {
        guard let first = rendered.first?.sequence, let last = rendered.last?.sequence else { return }
        deliveredSequence = max(deliveredSequence, last)
        var joined: [String: ByteChunk?] = [:]
        for client in Array(clients.values) where client.delivered < last {
            let chunk: ByteChunk?
            if client.delivered < first, let done = joined[client.filterKey] {
                chunk = done
            } else {
                // A client that resumed here with an id past this shard's has some of the batch.
                let wanted = rendered.filter { $0.sequence > client.delivered && client.wants($0.channel) }
                chunk = wanted.isEmpty ? nil : (wanted.count == 1 ? wanted[0].event : ByteChunk(wanted.flatMap(\.event.bytes)))
                if client.delivered < first { joined[client.filterKey] = chunk }
            }
            client.delivered = last
            if let chunk, client.connection.send(chunk) { client.lastWrite = now }
        }
    }

    /// Sends `metrics` to every client: one rendering per distinct channel filter (and id: the
    /// client's `delivered`, the same for all but a client that resumed ahead of this shard).
    func pushMetrics(_ figures: LiveFigures, bootID: String, now: Double) {
        var rendered: [String: ByteChunk] = [:]
        for client in Array(clients.values) {
            let chunk: ByteChunk
            let shared = client.delivered == deliveredSequence  // all but a client resumed ahead
            if shared, let done = rendered[client.filterKey] {
                chunk = done
            } else {
                let id = "\(bootID)-\(client.delivered)"
                chunk = ByteChunk(SSEHub.figuresEvent("metrics", id: id, figures.snapshot.filtered(to: client.channels)))
                if shared { rendered[client.filterKey] = chunk }
            }
            if client.connection.send(chunk) { client.lastWrite = now }
        }
    }

    /// A comment to every client silent for `SSEHub.keepaliveSeconds`.
    func keepalive(_ comment: ByteChunk, now: Double) {
        for client in Array(clients.values) where now - client.lastWrite >= SSEHub.keepaliveSeconds {
            if client.connection.send(comment) { client.lastWrite = now }
        }
    }
}
