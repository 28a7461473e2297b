/// The id hashes applied to one ticket. The first three live inline (most tickets see a handful
/// of events), so a new ticket allocates nothing for them; later ones spill into an array.
struct EventIDSet {
    private var first: UInt64 = 0
    private var second: UInt64 = 0
    private var third: UInt64 = 0
    private var inline: UInt8 = 0
    private var more: [UInt64] = []

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
        default: more.append(h)
        }
    }

    /// Every hash, in insertion order (checkpoints).
    var all: [UInt64] { Array([first, second, third].prefix(Int(inline))) + more }
}
