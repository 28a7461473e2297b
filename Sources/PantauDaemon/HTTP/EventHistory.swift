import PantauHTTPServer

/// The last `capacity` pushed `breach`/`warning` events, rendered, for `Last-Event-ID` resume.
/// A ring: appending past the capacity evicts the oldest.
struct EventHistory {
    struct Entry {
        var sequence: UInt64
        var channel: String
        var event: ByteChunk
    }

    let capacity: Int
    private var ring: [Entry] = []
    /// Index of the oldest entry once the ring is full.
    private var oldest = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { ring.count }

    mutating func append(_ entry: Entry) {
        if ring.count < capacity {
            ring.append(entry)
        } else {
            ring[oldest] = entry
            oldest = (oldest + 1) % capacity
        }
    }

    /// The entries after `sequence` up to `latest`, oldest first; nil when `sequence` is past
    /// `latest` or some of them were evicted (the client missed more than the history holds).
    func entries(after sequence: UInt64, through latest: UInt64) -> [Entry]? {
        guard sequence <= latest else { return nil }
        if sequence == latest { return [] }
        guard let first = ring.isEmpty ? nil : ring[oldest % ring.count], sequence + 1 >= first.sequence else { return nil }
        var out: [Entry] = []
        for k in 0..<ring.count {
            let e = ring[(oldest + k) % ring.count]
            if e.sequence > sequence && e.sequence <= latest { out.append(e) }
        }
        return out
    }
}
