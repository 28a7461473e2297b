/// Where the known fields of one line lie, as the scanner found them: one packed word per field
/// slot, so that storing a field is a single indexed write rather than a switch over seven
/// variables. Slot 1…7 are `id`, `ts`, `ticket`, `type`, `channel`, `priority`, `agent`
/// (`JSONScanner.knownKeyFast()`); slot 0 takes the values of every other key and is never read.
///
/// A word holds the string content's start offset (bits 32…63), its end offset (bits 2…31) and
/// the kind (bits 0…1), so offsets must stay below 2^30: `EventParser` accepts no longer line.
struct FieldSpans {
    /// What a field held: no such key, or `null`.
    static let absent: UInt64 = 0
    /// A value that is neither a string nor `null`.
    static let other: UInt64 = 1
    /// A string without escapes: its bytes are the line's.
    static let plain: UInt64 = 2
    /// A string with escapes: its content must be decoded.
    static let escaped: UInt64 = 3

    /// Longest line whose offsets fit.
    static let maxLineBytes = (1 << 30) - 1

    /// Eight words, indexed through their bytes (a tuple: one store per field, where a SIMD
    /// vector's dynamic subscript round-trips the whole vector through memory).
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    init() {}

    /// Records that slot `slot` held a string spanning `start..<end` of the line.
    @inline(__always)
    mutating func setString(_ slot: Int, start: Int, end: Int, escaped: Bool) {
        store(slot, UInt64(truncatingIfNeeded: start) << 32 | UInt64(truncatingIfNeeded: end) << 2
            | (escaped ? FieldSpans.escaped : FieldSpans.plain))
    }

    /// Records that slot `slot` held `null` (`absent`) or another non-string value (`other`).
    @inline(__always)
    mutating func set(_ slot: Int, _ kind: UInt64) {
        store(slot, kind)
    }

    @inline(__always)
    private mutating func store(_ slot: Int, _ word: UInt64) {
        withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: word, toByteOffset: (slot & 7) * 8, as: UInt64.self) }
    }

    @inline(__always)
    private func word(_ slot: Int) -> UInt64 {
        withUnsafeBytes(of: words) { $0.load(fromByteOffset: (slot & 7) * 8, as: UInt64.self) }
    }

    /// The kind of slot `slot`: `absent`, `other`, `plain` or `escaped`.
    @inline(__always)
    func kind(_ slot: Int) -> UInt64 { word(slot) & 3 }

    /// Whether slot `slot` holds a string (plain or escaped).
    @inline(__always)
    func isString(_ slot: Int) -> Bool { word(slot) & 2 != 0 }

    /// The content span of a string slot.
    @inline(__always)
    func span(_ slot: Int) -> (start: Int, end: Int) {
        let w = word(slot)
        return (Int(truncatingIfNeeded: w >> 32), Int(truncatingIfNeeded: (w >> 2) & 0x3FFF_FFFF))
    }
}
