/// A four-ary min-heap of generated events ordered by `PendingEvent.precedes`.
///
/// Four children per node halve the depth of a binary heap and keep siblings in one or two cache
/// lines; the heap holds every remaining event of every open ticket, so pops are cache-bound.
struct PendingEventHeap: Sendable {
    private var entries: ContiguousArray<PendingEvent> = []

    var count: Int { entries.count }
    var first: PendingEvent? { entries.first }

    mutating func push(_ e: PendingEvent) {
        entries.append(e)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) >> 2
            guard PendingEvent.precedes(e, entries[parent]) else { break }
            entries[i] = entries[parent]
            i = parent
        }
        entries[i] = e
    }

    mutating func popFirst() -> PendingEvent? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        let n = entries.count
        guard n > 0 else { return top }
        // Hole sift-down: move the smallest child up until `last` fits, then place it once.
        var i = 0
        while true {
            let c = 4 * i + 1
            guard c < n else { break }
            var m = c
            var k = c + 1
            let end = min(c + 4, n)
            while k < end {
                if PendingEvent.precedes(entries[k], entries[m]) { m = k }
                k += 1
            }
            guard PendingEvent.precedes(entries[m], last) else { break }
            entries[i] = entries[m]
            i = m
        }
        entries[i] = last
        return top
    }
}
