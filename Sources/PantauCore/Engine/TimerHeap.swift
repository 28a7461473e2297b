/// A binary min-heap of timers ordered by `TimerEntry.precedes`.
struct TimerHeap {
    private(set) var entries: ContiguousArray<TimerEntry> = []

    var count: Int { entries.count }
    var first: TimerEntry? { entries.first }

    mutating func push(_ e: TimerEntry) {
        entries.append(e)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard TimerEntry.precedes(entries[i], entries[parent]) else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    mutating func popFirst() -> TimerEntry? {
        guard !entries.isEmpty else { return nil }
        let top = entries[0]
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return top
    }

    /// Keeps only the entries `isLive` accepts, then restores the heap order (Floyd, O(n)).
    mutating func compact(_ isLive: (TimerEntry) -> Bool) {
        entries.removeAll { !isLive($0) }
        var i = entries.count / 2 - 1
        while i >= 0 { siftDown(i); i -= 1 }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = entries.count
        while true {
            let l = 2 * i + 1
            guard l < n else { return }
            var m = l
            if l + 1 < n, TimerEntry.precedes(entries[l + 1], entries[l]) { m = l + 1 }
            guard TimerEntry.precedes(entries[m], entries[i]) else { return }
            entries.swapAt(i, m)
            i = m
        }
    }
}
