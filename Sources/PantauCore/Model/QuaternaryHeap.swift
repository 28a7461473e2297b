/// The one min-heap of the code base: 4-ary, so half the levels of a binary heap, and the four
/// children of a node share a cache line or two. The engine's timers, the simulator's pending
/// events and the spool and replay merges (`LineMerge`) use it. Inlinable, so it is specialised
/// for its element in every module.
public struct QuaternaryHeap<Element: HeapOrdered> {
    @usableFromInline var storage: ContiguousArray<Element>

    /// In heap order (a checkpoint stores the engine's timers verbatim, so ties pop in the same
    /// order after a restart).
    @inlinable public var entries: ContiguousArray<Element> { storage }

    @inlinable public init() { storage = [] }

    /// A heap holding `entries` as they are, which must already be in heap order.
    @inlinable public init(heapOrdered entries: ContiguousArray<Element>) {
        precondition(Self.isHeapOrdered(entries), "QuaternaryHeap: entries not in heap order")
        storage = entries
    }

    /// Whether no entry precedes its parent.
    @inlinable public static func isHeapOrdered(_ entries: ContiguousArray<Element>) -> Bool {
        entries.withUnsafeBufferPointer { h in
            var i = 1
            while i < h.count {
                if Element.precedes(h[i], h[(i - 1) >> 2]) { return false }
                i += 1
            }
            return true
        }
    }

    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    @inlinable public var first: Element? { storage.first }

    @inlinable public mutating func push(_ e: Element) {
        storage.append(e)
        // Through a buffer pointer: one uniqueness check for the whole sift, not one per move.
        storage.withUnsafeMutableBufferPointer { h in Self.rise(e, from: h.count &- 1, in: h) }
    }

    /// Places `e` at `start` or above, moving larger parents down (the hole at `start` rises).
    @inlinable static func rise(_ e: Element, from start: Int, in h: UnsafeMutableBufferPointer<Element>) {
        var i = start
        while i > 0 {
            let parent = (i &- 1) >> 2
            guard Element.precedes(e, h[parent]) else { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = e
    }

    @inlinable public mutating func popFirst() -> Element? {
        guard !storage.isEmpty else { return nil }
        let top = storage[0]
        let last = storage.removeLast()
        if !storage.isEmpty { replaceTop(with: last) }
        return top
    }

    /// Replaces the first entry with `e` (one sift, where `popFirst` then `push` would take two):
    /// for a merge whose first source yields its next line.
    @inlinable public mutating func replaceFirst(with e: Element) {
        guard !storage.isEmpty else { return push(e) }
        replaceTop(with: e)
    }

    /// Puts `e` in place of the first entry (which is dropped), bottom-up: the hole left at the
    /// top follows the smallest child down to a leaf, then `e` rises from there. That costs three
    /// compares per level instead of four (`e`, the old last entry, almost always belongs near
    /// the bottom), and pops in the same order as any other heap for a total order.
    @inlinable mutating func replaceTop(with e: Element) {
        let n = storage.count
        storage.withUnsafeMutableBufferPointer { h in
            // Indexes stay below `n`, so the arithmetic cannot overflow (no overflow checks).
            var i = 0
            while true {
                let c = 4 &* i &+ 1
                var m = c
                if c &+ 3 < n {
                    // Four children: a tournament, three compares without a loop.
                    let a = Element.precedes(h[c &+ 1], h[c]) ? c &+ 1 : c
                    let b = Element.precedes(h[c &+ 3], h[c &+ 2]) ? c &+ 3 : c &+ 2
                    m = Element.precedes(h[b], h[a]) ? b : a
                } else {
                    guard c < n else { break }
                    var k = c &+ 1
                    while k < n {
                        if Element.precedes(h[k], h[m]) { m = k }
                        k &+= 1
                    }
                }
                h[i] = h[m]
                i = m
            }
            Self.rise(e, from: i, in: h)
        }
    }

    /// Keeps only the entries `isLive` accepts, then restores the heap order (bottom-up, O(n)).
    @inlinable public mutating func compact(_ isLive: (Element) -> Bool) {
        storage.removeAll { !isLive($0) }
        guard storage.count > 1 else { return }
        var i = (storage.count - 2) >> 2
        while i >= 0 { siftDown(storage[i], from: i); i -= 1 }
    }

    /// Places `e` at `start` or below, moving smaller children up.
    @inlinable mutating func siftDown(_ e: Element, from start: Int) {
        let n = storage.count
        var i = start
        storage.withUnsafeMutableBufferPointer { h in
            while true {
                let c = 4 * i + 1
                guard c < n else { break }
                var m = c
                let end = min(c + 4, n)
                var k = c + 1
                while k < end {
                    if Element.precedes(h[k], h[m]) { m = k }
                    k += 1
                }
                guard Element.precedes(h[m], e) else { break }
                h[i] = h[m]
                i = m
            }
            h[i] = e
        }
    }
}

extension QuaternaryHeap: Sendable where Element: Sendable {}
