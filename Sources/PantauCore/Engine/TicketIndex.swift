/// Ticket id → slot, open addressing with linear probing over a power-of-two table of slot
/// numbers (4 bytes a bucket). The hash comes with the event (`Event.ticketHash`, computed by the
/// parser over the bytes it already has), so lookups never hash a `String`; equality is checked on
/// the stored key. Deletion uses backward-shift, so there are no tombstones to clean up.
struct TicketIndex {
    private static let empty: Int32 = -1
    private var buckets: [Int32] = Array(repeating: TicketIndex.empty, count: 1024)
    private var mask = 1023
    private(set) var count = 0

    init() {}

    /// An empty index that takes `capacity` slots without growing (rebuilding from a checkpoint).
    init(minimumCapacity capacity: Int) {
        var size = 1024
        while capacity * 4 > size * 3 { size *= 2 }
        buckets = Array(repeating: TicketIndex.empty, count: size)
        mask = size - 1
    }

    /// The slot of the ticket whose key is `key`, if present. `matches` says whether a slot holds it.
    @inline(__always)
    func find(_ key: String, hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = buckets[i]
            if s == TicketIndex.empty { return nil }
            if matches(s) { return s }
            i = (i + 1) & mask
        }
    }

    /// Adds a key known to be absent. `hashAt` gives a stored slot's hash (for growing).
    mutating func insert(slot: Int32, hash: UInt64, hashAt: (Int32) -> UInt64) {
        if (count + 1) * 4 > buckets.count * 3 { grow(hashAt: hashAt) }
        var i = Int(truncatingIfNeeded: hash) & mask
        while buckets[i] != TicketIndex.empty { i = (i + 1) & mask }
        buckets[i] = slot
        count += 1
    }

    /// Removes `slot` (stored under `hash`).
    mutating func remove(slot: Int32, hash: UInt64, hashAt: (Int32) -> UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while buckets[i] != slot {
            precondition(buckets[i] != TicketIndex.empty, "TicketIndex: removing an absent slot")
            i = (i + 1) & mask
        }
        // Backward-shift deletion: move later members of the probe run into the hole.
        var hole = i
        var j = (i + 1) & mask
        while buckets[j] != TicketIndex.empty {
            let home = Int(truncatingIfNeeded: hashAt(buckets[j])) & mask
            // Move j into the hole unless its home lies cyclically in (hole, j].
            let distanceToHome = (j - home) & mask
            let distanceToHole = (j - hole) & mask
            if distanceToHome >= distanceToHole {
                buckets[hole] = buckets[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        buckets[hole] = TicketIndex.empty
        count -= 1
    }

    private mutating func grow(hashAt: (Int32) -> UInt64) {
        let old = buckets
        buckets = Array(repeating: TicketIndex.empty, count: old.count * 2)
        mask = buckets.count - 1
        for s in old where s != TicketIndex.empty {
            var i = Int(truncatingIfNeeded: hashAt(s)) & mask
            while buckets[i] != TicketIndex.empty { i = (i + 1) & mask }
            buckets[i] = s
        }
    }
}
