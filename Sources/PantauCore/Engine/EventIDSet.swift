/// The id hashes applied to one ticket. The first three live inline (most tickets see a handful
/// of events), so a new ticket allocates nothing for them; later ones spill into an array that
/// is allocated once for the next four.
struct EventIDSet {
    private var first: UInt64 = 0
    private var second: UInt64 = 0
    private var third: UInt64 = 0
    private var inline: UInt8 = 0
    private var more: [UInt64] = []

    init() {}

    var count: Int { Int(inline) + more.count }

    @inline(__always)
    func contains(_ h: UInt64) -> Bool {
        switch inline {
        case 0: return false
        case 1: return first == h
        case 2: return first == h || second == h
        default: return first == h || second == h || third == h || (!more.isEmpty && more.contains(h))
        }
    }

    @inline(__always)
    mutating func insert(_ h: UInt64) {
        switch inline {
        case 0: first = h; inline = 1
        case 1: second = h; inline = 2
        case 2: third = h; inline = 3
        default:
            // Room for four more at the first spill: most tickets see five to seven events, and
            // growing one by one would reallocate (and copy) the array several times per ticket.
            if more.capacity == 0 { more.reserveCapacity(4) }
            more.append(h)
        }
    }

    /// Removes every hash; the spill array keeps its capacity.
    mutating func removeAll() {
        inline = 0
        if !more.isEmpty { more.removeAll(keepingCapacity: true) }
    }

    /// Every hash, in insertion order (checkpoints).
    var all: [UInt64] { Array([first, second, third].prefix(Int(inline))) + more }

    /// Writes a `UInt32` count, then the hashes in insertion order.
    func encode(into w: inout StateWriter) {
        w.write(UInt32(truncatingIfNeeded: count))
        if inline > 0 { w.write(first) }
        if inline > 1 { w.write(second) }
        if inline > 2 { w.write(third) }
        for h in more { w.write(h) }
    }

    /// Reads what `encode(into:)` wrote.
    init(decoding r: inout StateReader) throws {
        let n = try r.readCount("event id count", elementSize: 8)
        for _ in 0..<min(n, 3) { insert(try r.read("event id hash")) }
        if n > 3 {
            more.reserveCapacity(n - 3)
            for _ in 3..<n { more.append(try r.read("event id hash")) }
        }
    }
}
