import Dispatch
import PantauCore
import PantauHTTP
import PantauHTTPServer
import Synchronization
import PantauSystem

/// The `/events` clients and what they are sent (SPEC §5): on connect `retry:`, missed events on
/// resume, and a `snapshot`; `metrics` every push interval; each `breach` and `warning` as it
/// arrives; `: keepalive` after 15 s of silence. Every event is rendered once and shared by the
/// clients it goes to.
///
/// Clients live in one `SSEClientGroup` per HTTP shard, on that shard's event loop; the hub
/// renders and keeps the resume history (under a lock), then each group sends on its own loop.
/// `publish` calls must come one at a time: the engine queue makes them.
final class SSEHub: Sendable {
    /// The BOOT of ids `BOOT-SEQ`: new at every start.
    let bootID: String
    /// The reconnection delay sent as `retry:`, milliseconds.
    static let retryMilliseconds = 3000
    /// Silence after which a comment is sent.
    static let keepaliveSeconds = 15.0

    private struct Shared {
        /// The last push sequence number (restored from the checkpoint, then one per breach/warning).
        var lastSequence: UInt64
        var history: EventHistory
        var eventsPushed: UInt64 = 0
        /// Resumes whose missed events passed `MaxSSEBuffer=`, answered with a snapshot alone.
        var resumesOverBuffer: UInt64 = 0
        /// Resumes from an id the history no longer holds, answered with a snapshot alone.
        var resumesEvicted: UInt64 = 0
    }
    private let shared: Mutex<Shared>
    private let clientCount = Atomic<Int>(0)
    /// One per HTTP shard, by shard index.
    let groups: [SSEClientGroup]

    /// The most missed events a resume replays, in bytes (`MaxSSEBuffer=`: what a client may
    /// have queued before it counts as too slow).
    let maxMissedBytes: Int

    init(bootID: String, lastSequence: UInt64, historyCapacity: Int, maxMissedBytes: Int, loops: [EventLoop]) {
        self.bootID = bootID
        self.maxMissedBytes = maxMissedBytes
        shared = Mutex(Shared(lastSequence: lastSequence, history: EventHistory(capacity: historyCapacity)))
        groups = loops.map { SSEClientGroup(loop: $0, deliveredSequence: lastSequence) }
    }

    /// Connected clients over every shard.
    var count: Int { clientCount.load(ordering: .relaxed) }
    /// `breach` and `warning` events rendered and kept for resume.
    var eventsPushed: UInt64 { shared.withLock { $0.eventsPushed } }
    /// Resumes that missed more than `MaxSSEBuffer=` and got a snapshot instead of the events.
    var resumesOverBuffer: UInt64 { shared.withLock { $0.resumesOverBuffer } }
    /// Resumes from an id the history no longer holds.
    var resumesEvicted: UInt64 { shared.withLock { $0.resumesEvicted } }

    /// Continues the numbering of a restored checkpoint (before any client connects, and before
    /// the server starts: `executeAndWait` then runs at once on the caller).
    func restore(lastSequence: UInt64) {
        shared.withLock { $0.lastSequence = lastSequence }
        for group in groups { group.loop.executeAndWait { group.deliveredSequence = lastSequence } }
    }

    // MARK: Connecting (on the connection's shard loop)

    /// Takes one of `limit` client places, or returns false when all are taken (one atomic step,
    /// so shards admitting at once cannot overshoot). A `true` must be followed by `connect`.
    func admit(limit: Int) -> Bool {
        var current = clientCount.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = clientCount.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Registers an admitted client and returns its first bytes: `retry:`, then (for a
    /// `Last-Event-ID` of this boot still covered by the history) the missed breaches and
    /// warnings, then a snapshot. The missed events are the history's own rendered chunks,
    /// shared with every other client (a resume queues references, not a copy); when those the
    /// client's filter takes come to more than `maxMissedBytes` it gets the
    /// snapshot alone, as for an id the history no longer holds.
    ///
    /// What the client has is what this shard has delivered, or more when it resumes with an id
    /// from a shard further ahead: the events between are then on their way here, and `deliver`
    /// leaves out what the client already has. Either way each event reaches it once.
    func connect(_ connection: HTTPConnection, channels: Set<String>?, lastEventID: String?, figures: LiveFigures,
                 now: Double) -> [ByteChunk] {
        let group = groups[connection.shard.index]
        precondition(group.loop.inLoop, "SSEHub.connect off the connection's loop")
        let cutoff = group.deliveredSequence
        var delivered = cutoff
        var missed: [ByteChunk] = []
        if let lastEventID, let resumed = sequence(of: lastEventID) {
            shared.withLock { s in
                guard resumed <= s.lastSequence else { return }  // not an id this boot gave out
                if resumed >= cutoff {
                    delivered = resumed
                } else {
                    switch s.history.missed(after: resumed, through: cutoff, channels: channels, maxBytes: maxMissedBytes) {
                    case .events(let events): missed = events
                    case .overLimit: s.resumesOverBuffer &+= 1
                    case .evicted: s.resumesEvicted &+= 1  // a snapshot only
                    }
                }
            }
        }
        let client = SSEClient(connection: connection, channels: channels, now: now, delivered: delivered)
        group.add(client)
        let id = connection.id
        connection.onClose = { [weak self, weak group] in
            if group?.remove(id) == true { self?.clientCount.wrappingSubtract(1, ordering: .relaxed) }
        }
        var first: [ByteChunk] = [Self.retryChunk]
        first += missed
        first.append(ByteChunk(Self.figuresEvent("snapshot", id: "\(bootID)-\(delivered)", figures.snapshot.filtered(to: channels))))
        return first
    }

    /// `retry:`, the first bytes of every stream.
    private static let retryChunk: ByteChunk = {
        var out: [UInt8] = []
        ServerSentEvent.retry(retryMilliseconds, into: &out)
        return ByteChunk(out)
    }()

    /// The sequence of an id `BOOT-SEQ` of this boot; nil for another boot or an unreadable id.
    func sequence(of id: String) -> UInt64? {
        guard let dash = id.lastIndex(of: "-"), id[..<dash] == bootID else { return nil }
        return UInt64(id[id.index(after: dash)...])
    }

    // MARK: Pushing

    /// Renders a batch of notifications once, keeps them for resume, and has every group send
    /// them to the clients whose filter takes their channel. The events of one batch (a burst
    /// decided at one instant) go to a client as one write.
    func publish(_ batch: [PushedNotification], now: Double) {
        guard !batch.isEmpty else { return }
        var entries: [EventHistory.Entry] = []
        entries.reserveCapacity(batch.count)
        for pushed in batch.sorted(by: { $0.sequence < $1.sequence }) {
            let n = pushed.notification
            var data: [UInt8] = []
            NotificationJSONRenderer.render(n, into: &data)
            var out: [UInt8] = []
            ServerSentEvent.render(id: "\(bootID)-\(pushed.sequence)", type: n.kind == .breach ? "breach" : "warning", data: data, into: &out)
            entries.append(EventHistory.Entry(sequence: pushed.sequence, channel: n.channel, event: ByteChunk(out)))
        }
        shared.withLock { s in
            s.lastSequence = max(s.lastSequence, entries[entries.count - 1].sequence)
            for e in entries { s.history.append(e) }
            s.eventsPushed &+= UInt64(entries.count)
        }
        let rendered = entries
        for group in groups {
            group.loop.execute { group.deliver(rendered, now: now) }
        }
    }

    /// Sends `metrics` to every client (each group renders once per distinct channel filter).
    func pushMetrics(_ figures: LiveFigures, now: Double) {
        let bootID = self.bootID
        for group in groups {
            group.loop.execute { group.pushMetrics(figures, bootID: bootID, now: now) }
        }
    }

    /// A comment to every client silent for `keepaliveSeconds`.
    func keepalive(now: Double) {
        var out: [UInt8] = []
        ServerSentEvent.comment("keepalive", into: &out)
        let comment = ByteChunk(out)
        for group in groups {
            group.loop.execute { group.keepalive(comment, now: now) }
        }
    }

    static func figuresEvent(_ type: String, id: String, _ snapshot: Snapshot) -> [UInt8] {
        var data: [UInt8] = []
        SnapshotJSONRenderer.render(snapshot, into: &data)
        var out: [UInt8] = []
        ServerSentEvent.render(id: id, type: type, data: data, into: &out)
        return out
    }
}
