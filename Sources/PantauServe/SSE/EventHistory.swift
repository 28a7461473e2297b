import PantauHTTPServer
import PantauSystem

/// The last `capacity` pushed `breach`/`warning` events, rendered, for `Last-Event-ID` resume.
/// A ring: appending past the capacity evicts the oldest.
///
/// Each entry carries the running total of rendered bytes, so how much a resume missed is known
/// without walking the missed events: a resume that missed more than it may be sent is answered
/// in constant time, whatever the history holds (thousands of clients may resume at once).
struct EventHistory {
    struct Entry {
        var sequence: UInt64
        var channel: String
        var event: ByteChunk
        /// Bytes of every event appended up to and including this one (set by `append`).
        var bytesThrough: Int = 0
    }

    /// What a resume missed.
    enum Missed {
        /// Some of it is no longer held (or the id is ahead of `latest`).
        case evicted
        /// More than the bytes allowed: the events are not replayed.
        case overLimit
        /// The missed events the client's filter takes, oldest first.
        case events([ByteChunk])
    }

    let capacity: Int
    private var ring: [Entry] = []
    /// Index of the oldest entry once the ring is full.
    private var oldest = 0
    private var totalBytes = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { ring.count }

    mutating func append(_ entry: Entry) {
        var e = entry
        totalBytes += e.event.count
        e.bytesThrough = totalBytes
        if ring.count < capacity {
            ring.append(e)
        } else {
            ring[oldest] = e
            oldest = (oldest + 1) % capacity
        }
    }

    private func entry(_ k: Int) -> Entry { ring[(oldest + k) % ring.count] }

    /// Position (0 = oldest) of the first entry with a sequence above `sequence`; `count` if none.
    /// Sequences grow along the ring, so a binary search finds it.
    private func firstPosition(after sequence: UInt64) -> Int {
        var lo = 0, hi = ring.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entry(mid).sequence > sequence { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The events after `sequence` up to `latest` of `channels` (nil: all), unless they come to
    /// more than `maxBytes` (or some were evicted: the client missed more than the history holds).
    func missed(after sequence: UInt64, through latest: UInt64, channels: Set<String>?, maxBytes: Int) -> Missed {
        guard sequence <= latest else { return .evicted }
        if sequence == latest { return .events([]) }
        guard !ring.isEmpty, sequence + 1 >= entry(0).sequence else { return .evicted }
        let from = firstPosition(after: sequence), to = firstPosition(after: latest)
        guard from < to else { return .events([]) }
        let before = from == 0 ? entry(0).bytesThrough - entry(0).event.count : entry(from - 1).bytesThrough
        let all = entry(to - 1).bytesThrough - before
        guard let channels else { return all <= maxBytes ? .events((from..<to).map { entry($0).event }) : .overLimit }
        var out: [ByteChunk] = []
        var bytes = 0
        for k in from..<to {
            let e = entry(k)
            guard channels.contains(e.channel) else { continue }
            bytes += e.event.count
            if bytes > maxBytes { return .overLimit }
            out.append(e.event)
        }
        return .events(out)
    }
}
