/// Ticket id → slot, open addressing with linear probing over a power-of-two table. The hash comes
/// with the event (`Event.ticketHash`, computed by the parser over the bytes it already has), so
/// lookups never hash a `String`; equality is checked on the stored key. Deletion uses
/// backward-shift, so there are no tombstones to clean up.
///
/// A bucket (8 bytes) holds the slot number and the low 32 bits of the ticket's hash. A probe
/// compares those bits before it looks at a ticket record, so a lookup reads about one record
/// (the one it finds) instead of one per probe, and removing and growing never read records at
/// all. The low 32 bits are also the home position (tables stay below 2^32 buckets).
struct TicketIndex {
    /// An unused bucket (slot -1, which no ticket has).
    private static let empty = UInt64.max
    private var buckets: [UInt64] = Array(repeating: TicketIndex.empty, count: 1024)
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

    @inline(__always)
    private static func bucket(slot: Int32, hash: UInt64) -> UInt64 {
        UInt64(UInt32(bitPattern: slot)) << 32 | (hash & 0xFFFF_FFFF)
    }

    @inline(__always)
    private static func slot(_ bucket: UInt64) -> Int32 { Int32(truncatingIfNeeded: bucket >> 32) }

    /// Where a bucket's (or a hash's) probe run starts.
    @inline(__always)
    private func home(_ hashBits: UInt64) -> Int { Int(truncatingIfNeeded: hashBits & 0xFFFF_FFFF) & mask }

    /// The slot of the ticket whose key is `key`, if present. `matches` says whether a slot holds it.
    @inline(__always)
    func find(_ key: String, hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        find(hash: hash, matches: matches)
    }

    /// The first slot on `hash`'s probe run whose stored hash bits are `hash`'s and that `matches`
    /// accepts, if any.
    @inline(__always)
    func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        let tag = hash & 0xFFFF_FFFF
        var i = home(hash)
        while true {
            let b = buckets[i]
            if b == TicketIndex.empty { return nil }
            if b & 0xFFFF_FFFF == tag, matches(TicketIndex.slot(b)) { return TicketIndex.slot(b) }
            i = (i + 1) & mask
        }
    }

    /// Adds a key known to be absent. (`hashAt` is not needed: the buckets keep the hash bits.)
    mutating func insert(slot: Int32, hash: UInt64, hashAt: (Int32) -> UInt64) {
        insert(slot: slot, hash: hash)
    }

    /// Adds a key known to be absent.
    mutating func insert(slot: Int32, hash: UInt64) {
        if (count + 1) * 4 > buckets.count * 3 { grow() }
        var i = home(hash)
        while buckets[i] != TicketIndex.empty { i = (i + 1) & mask }
        buckets[i] = TicketIndex.bucket(slot: slot, hash: hash)
        count += 1
    }

    /// Removes `slot` (stored under `hash`).
    mutating func remove(slot: Int32, hash: UInt64) {
        let target = TicketIndex.bucket(slot: slot, hash: hash)
        var i = home(hash)
        while buckets[i] != target {
            precondition(buckets[i] != TicketIndex.empty, "TicketIndex: removing an absent slot")
            i = (i + 1) & mask
        }
        // Backward-shift deletion: move later members of the probe run into the hole.
        var hole = i
        var j = (i + 1) & mask
        while buckets[j] != TicketIndex.empty {
            let home = home(buckets[j])
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

    private mutating func grow() {
        let old = buckets
        buckets = Array(repeating: TicketIndex.empty, count: old.count * 2)
        mask = buckets.count - 1
        for b in old where b != TicketIndex.empty {
            var i = home(b)
            while buckets[i] != TicketIndex.empty { i = (i + 1) & mask }
            buckets[i] = b
        }
    }
}
