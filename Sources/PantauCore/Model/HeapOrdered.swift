/// An element of a `QuaternaryHeap`: a strict weak order (a total order for a deterministic pop
/// sequence, which every user has: ties are broken by a sequence number or a name).
public protocol HeapOrdered {
    static func precedes(_ a: Self, _ b: Self) -> Bool
}
