/// A 4-ary min-heap of timers ordered by `TimerEntry.precedes`: half the levels of a binary heap,
/// and the four children of a node share a cache line or two.
struct TimerHeap {
    private(set) var entries: ContiguousArray<TimerEntry> = []

    init() {}

    /// A heap holding `entries` as they are, which must already be in heap order (a checkpoint
    /// stores the array verbatim, so ties pop in the same order as before).
    init(heapOrdered entries: ContiguousArray<TimerEntry>) {
        precondition(TimerHeap.isHeapOrdered(entries), "TimerHeap: entries not in heap order")
        self.entries = entries
    }

    /// Whether no entry precedes its parent.
    static func isHeapOrdered(_ entries: ContiguousArray<TimerEntry>) -> Bool {
        entries.withUnsafeBufferPointer { h in
            var i = 1
            while i < h.count {
                if TimerEntry.precedes(h[i], h[(i - 1) >> 2]) { return false }
                i += 1
            }
            return true
        }
    }

    var count: Int { entries.count }
    var first: TimerEntry? { entries.first }

    mutating func push(_ e: TimerEntry) {
        entries.append(e)
        // Through a buffer pointer: one uniqueness check for the whole sift, not one per move.
        entries.withUnsafeMutableBufferPointer { h in
            var i = h.count &- 1
            while i > 0 {
                let parent = (i &- 1) >> 2
                guard TimerEntry.precedes(e, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = e
        }
    }

    mutating func popFirst() -> TimerEntry? {
        guard !entries.isEmpty else { return nil }
        let top = entries[0]
        let last = entries.removeLast()
        if !entries.isEmpty { replaceTop(with: last) }
        return top
    }

    /// Puts `e` in place of the first entry (which is dropped), bottom-up: the hole left at the
    /// top follows the smallest child down to a leaf, then `e` rises from there. That costs three
    /// compares per level instead of four (`e`, the old last entry, almost always belongs near
    /// the bottom), and gives a heap that pops in the same order as any other.
    private mutating func replaceTop(with e: TimerEntry) {
        let n = entries.count
        entries.withUnsafeMutableBufferPointer { h in
            // Indexes stay below `n`, so the arithmetic cannot overflow (no overflow checks).
            var i = 0
            while true {
                let c = 4 &* i &+ 1
                var m = c
                if c &+ 3 < n {
                    // Four children: a tournament, three compares without a loop.
                    let a = TimerEntry.precedes(h[c &+ 1], h[c]) ? c &+ 1 : c
                    let b = TimerEntry.precedes(h[c &+ 3], h[c &+ 2]) ? c &+ 3 : c &+ 2
                    m = TimerEntry.precedes(h[b], h[a]) ? b : a
                } else {
                    guard c < n else { break }
                    var k = c &+ 1
                    while k < n {
                        if TimerEntry.precedes(h[k], h[m]) { m = k }
                        k &+= 1
                    }
                }
                h[i] = h[m]
                i = m
            }
            while i > 0 {
                let parent = (i &- 1) >> 2
                guard TimerEntry.precedes(e, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = e
        }
    }

    /// Keeps only the entries `isLive` accepts, then restores the heap order (bottom-up, O(n)).
    mutating func compact(_ isLive: (TimerEntry) -> Bool) {
        entries.removeAll { !isLive($0) }
        guard entries.count > 1 else { return }
        var i = (entries.count - 2) >> 2
        while i >= 0 { siftDown(entries[i], from: i); i -= 1 }
    }

    /// Places `e` at `start` or below, moving smaller children up.
    private mutating func siftDown(_ e: TimerEntry, from start: Int) {
        let n = entries.count
        var i = start
        entries.withUnsafeMutableBufferPointer { h in
            while true {
                let c = 4 * i + 1
                guard c < n else { break }
                var m = c
                let end = min(c + 4, n)
                var k = c + 1
                while k < end {
                    if TimerEntry.precedes(h[k], h[m]) { m = k }
                    k += 1
                }
                guard TimerEntry.precedes(h[m], e) else { break }
                h[i] = h[m]
                i = m
            }
            h[i] = e
        }
    }
}
