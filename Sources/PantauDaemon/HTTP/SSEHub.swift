import Dispatch
import PantauCore
import PantauHTTP
import PantauHTTPServer

/// The `/events` clients and what they are sent (SPEC §5), on the HTTP queue: on connect `retry:`,
/// missed events on resume, and a `snapshot`; `metrics` every push interval; each `breach` and
/// `warning` as it arrives; `: keepalive` after 15 s of silence. Every event is rendered once and
/// shared by the clients it goes to.
final class SSEHub: @unchecked Sendable {
    /// The BOOT of ids `BOOT-SEQ`: new at every start.
    let bootID: String
    /// The last push sequence number (restored from the checkpoint, then one per breach/warning).
    private(set) var lastSequence: UInt64
    private var history: EventHistory
    private(set) var clients: [UInt64: SSEClient] = [:]
    /// The reconnection delay sent as `retry:`, milliseconds.
    static let retryMilliseconds = 3000
    /// Silence after which a comment is sent.
    static let keepaliveSeconds = 15.0

    // Counters for /metrics.
    private(set) var eventsPushed: UInt64 = 0

    init(bootID: String, lastSequence: UInt64, historyCapacity: Int) {
        self.bootID = bootID
        self.lastSequence = lastSequence
        history = EventHistory(capacity: historyCapacity)
    }

    var count: Int { clients.count }

    /// Continues the numbering of a restored checkpoint (before any client connects).
    func restore(lastSequence: UInt64) { self.lastSequence = lastSequence }

    /// The current id.
    var currentID: String { "\(bootID)-\(lastSequence)" }

    // MARK: Connecting

    /// Registers a client and returns its first bytes: `retry:`, then (for a `Last-Event-ID` of
    /// this boot still covered by the history) the missed breaches and warnings, then a snapshot.
    func connect(_ connection: HTTPConnection, channels: Set<String>?, lastEventID: String?, figures: LiveFigures, now: Double) -> ByteChunk {
        let client = SSEClient(connection: connection, channels: channels, now: now)
        clients[connection.id] = client
        connection.onClose = { [weak self] in self?.clients[connection.id] = nil }
        var out: [UInt8] = []
        out.append(contentsOf: "retry: \(Self.retryMilliseconds)\n\n".utf8)
        if let lastEventID, let missed = missedEvents(after: lastEventID) {
            for e in missed where client.wants(e.channel) { out.append(contentsOf: e.event.bytes) }
        }
        out.append(contentsOf: Self.figuresEvent("snapshot", id: currentID, figures.snapshot.filtered(to: channels)))
        return ByteChunk(out)
    }

    /// The history after `id`, or nil when `id` is of another boot, unreadable, ahead of us or
    /// older than the history reaches (the client then gets only a fresh snapshot).
    func missedEvents(after id: String) -> [EventHistory.Entry]? {
        guard let dash = id.lastIndex(of: "-"), id[..<dash] == bootID,
              let sequence = UInt64(id[id.index(after: dash)...]) else { return nil }
        return history.entries(after: sequence, latest: lastSequence)
    }

    // MARK: Pushing

    /// Sends a batch of notifications to the clients whose filter takes their channel, and keeps
    /// them for resume. The events of one batch (a burst decided at one instant) go to a client as
    /// one write: one send per client, not one per client and event.
    func publish(_ batch: [PushedNotification], now: Double) {
        guard !batch.isEmpty else { return }
        var rendered: [(channel: String, bytes: ByteChunk)] = []
        rendered.reserveCapacity(batch.count)
        for pushed in batch {
            let n = pushed.notification
            var data: [UInt8] = []
            NotificationJSONRenderer.render(n, into: &data)
            var out: [UInt8] = []
            out.append(contentsOf: "id: \(bootID)-\(pushed.sequence)\nevent: \(n.kind == .breach ? "breach" : "warning")\n".utf8)
            ServerSentEvent.renderData(data, into: &out)
            out.append(0x0A)
            let chunk = ByteChunk(out)
            lastSequence = max(lastSequence, pushed.sequence)
            history.append(EventHistory.Entry(sequence: pushed.sequence, channel: n.channel, event: chunk))
            eventsPushed &+= 1
            rendered.append((n.channel, chunk))
        }
        var joined: [String: ByteChunk?] = [:]
        for client in Array(clients.values) {
            let chunk: ByteChunk?
            if let done = joined[client.filterKey] {
                chunk = done
            } else {
                let wanted = rendered.filter { client.wants($0.channel) }
                chunk = wanted.isEmpty ? nil : (wanted.count == 1 ? wanted[0].bytes : ByteChunk(wanted.flatMap(\.bytes.bytes)))
                joined[client.filterKey] = chunk
            }
            if let chunk, client.connection.send(chunk) { client.lastWrite = now }
        }
    }

    /// Sends `metrics` to every client: one rendering per distinct channel filter.
    func pushMetrics(_ figures: LiveFigures, now: Double) {
        var rendered: [String: ByteChunk] = [:]
        for client in Array(clients.values) {
            let chunk: ByteChunk
            if let done = rendered[client.filterKey] {
                chunk = done
            } else {
                chunk = ByteChunk(Self.figuresEvent("metrics", id: currentID, figures.snapshot.filtered(to: client.channels)))
                rendered[client.filterKey] = chunk
            }
            if client.connection.send(chunk) { client.lastWrite = now }
        }
    }

    /// A comment to every client silent for `keepaliveSeconds`.
    func keepalive(now: Double) {
        var comment: ByteChunk?
        for client in Array(clients.values) where now - client.lastWrite >= Self.keepaliveSeconds {
            if comment == nil {
                var out: [UInt8] = []
                ServerSentEvent.comment("keepalive", into: &out)
                comment = ByteChunk(out)
            }
            if client.connection.send(comment!) { client.lastWrite = now }
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
