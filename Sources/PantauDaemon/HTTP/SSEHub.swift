import Dispatch
import PantauCore
import PantauHTTP
import PantauHTTPServer
import Synchronization

/// The `/events` clients and what they are sent (SPEC §5): on connect `retry:`, missed events on
/// resume, and a `snapshot`; `metrics` every push interval; each `breach` and `warning` as it
/// arrives; `: keepalive` after 15 s of silence. Every event is rendered once and shared by the
/// clients it goes to.
///
/// Clients live in one `SSEClientGroup` per HTTP shard, on that shard's event loop; the hub
/// renders and keeps the resume history (under a lock), then each group sends on its own loop.
/// `publish` calls must come one at a time (the front end's queue).
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
    }
    private let shared: Mutex<Shared>
    private let clientCount = Atomic<Int>(0)
    /// One per HTTP shard, by shard index.
    let groups: [SSEClientGroup]

    init(bootID: String, lastSequence: UInt64, historyCapacity: Int, loops: [EventLoop]) {
        self.bootID = bootID
        shared = Mutex(Shared(lastSequence: lastSequence, history: EventHistory(capacity: historyCapacity)))
        groups = loops.map { SSEClientGroup(loop: $0, deliveredSequence: lastSequence) }
    }

    /// Connected clients over every shard.
    var count: Int { clientCount.load(ordering: .relaxed) }
    /// `breach` and `warning` events rendered and kept for resume.
    var eventsPushed: UInt64 { shared.withLock { $0.eventsPushed } }
    /// The id of the last event published.
    var currentID: String { "\(bootID)-\(shared.withLock { $0.lastSequence })" }

    /// Continues the numbering of a restored checkpoint (before any client connects).
    func restore(lastSequence: UInt64) {
        shared.withLock { $0.lastSequence = lastSequence }
        for group in groups { group.loop.executeAndWait { group.deliveredSequence = lastSequence } }
    }

    // MARK: Connecting (on the connection's shard loop)

    /// Registers a client and returns its first bytes: `retry:`, then (for a `Last-Event-ID` of
    /// this boot still covered by the history) the missed breaches and warnings, then a snapshot.
    func connect(_ connection: HTTPConnection, channels: Set<String>?, lastEventID: String?, figures: LiveFigures, now: Double) -> ByteChunk {
        let group = groups[connection.shard.index]
        precondition(group.loop.inLoop, "SSEHub.connect off the connection's loop")
        let client = SSEClient(connection: connection, channels: channels, now: now)
        group.add(client)
        clientCount.wrappingAdd(1, ordering: .relaxed)
        let id = connection.id
        connection.onClose = { [weak self, weak group] in
            if group?.remove(id) == true { self?.clientCount.wrappingSubtract(1, ordering: .relaxed) }
        }
        let cutoff = group.deliveredSequence
        var out: [UInt8] = []
        out.append(contentsOf: "retry: \(Self.retryMilliseconds)\n\n".utf8)
        if let lastEventID, let missed = missedEvents(after: lastEventID, through: cutoff) {
            for e in missed where client.wants(e.channel) { out.append(contentsOf: e.event.bytes) }
        }
        out.append(contentsOf: Self.figuresEvent("snapshot", id: "\(bootID)-\(cutoff)", figures.snapshot.filtered(to: channels)))
        return ByteChunk(out)
    }

    /// The history after `id` up to `through`, or nil when `id` is of another boot, unreadable,
    /// ahead of `through` or older than the history reaches (the client then gets only a snapshot).
    func missedEvents(after id: String, through latest: UInt64) -> [EventHistory.Entry]? {
        guard let dash = id.lastIndex(of: "-"), id[..<dash] == bootID,
              let sequence = UInt64(id[id.index(after: dash)...]) else { return nil }
        return shared.withLock { $0.history.entries(after: sequence, through: latest) }
    }

    // MARK: Pushing

    /// Renders a batch of notifications once, keeps them for resume, and has every group send
    /// them to the clients whose filter takes their channel. The events of one batch (a burst
    /// decided at one instant) go to a client as one write.
    func publish(_ batch: [PushedNotification], now: Double) {
        guard !batch.isEmpty else { return }
        var events: [(channel: String, bytes: ByteChunk)] = []
        events.reserveCapacity(batch.count)
        var entries: [EventHistory.Entry] = []
        entries.reserveCapacity(batch.count)
        var last: UInt64 = 0
        for pushed in batch {
            let n = pushed.notification
            var data: [UInt8] = []
            NotificationJSONRenderer.render(n, into: &data)
            var out: [UInt8] = []
            out.append(contentsOf: "id: \(bootID)-\(pushed.sequence)\nevent: \(n.kind == .breach ? "breach" : "warning")\n".utf8)
            ServerSentEvent.renderData(data, into: &out)
            out.append(0x0A)
            let chunk = ByteChunk(out)
            last = max(last, pushed.sequence)
            entries.append(EventHistory.Entry(sequence: pushed.sequence, channel: n.channel, event: chunk))
            events.append((n.channel, chunk))
        }
        shared.withLock { s in
            s.lastSequence = max(s.lastSequence, last)
            for e in entries { s.history.append(e) }
            s.eventsPushed &+= UInt64(entries.count)
        }
        let rendered = events, through = last
        for group in groups {
            group.loop.execute { group.deliver(rendered, through: through, now: now) }
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
        out.append(contentsOf: "id: \(id)\nevent: \(type)\n".utf8)
        ServerSentEvent.renderData(data, into: &out)
        out.append(0x0A)
        return out
    }
}
