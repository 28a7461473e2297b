#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the engine keeps about one ticket (live, or retired and retained).
struct TicketRecord {
    var key: String
    /// `StableHash` of `key`.
    var keyHash: UInt64
    /// Stable 64-bit hashes of the ids applied to this ticket (duplicate detection).
    var ids: EventIDSet
    /// Effective time of `created`.
    var created: Instant
    /// Effective time of the ticket's last applied event.
    var lastEffective: Instant
    /// Consumed time of the ticket's finished resolution cycles (`OnReopen=continue`).
    var resolutionConsumed: TimeSpan
    /// Identifies the pending forget timer of a retired ticket.
    var forgetSeq: UInt64
    var firstResponse: Cycle?
    var nextResponse: Cycle?
    var resolution: Cycle?
    /// The current channel.
    var channel: UInt16
    var priority: Priority
    var phase: TicketPhase
    var hasAgent: Bool
    var firstResponded: Bool
    /// false for a free slot.
    var inUse: Bool

    /// Whether `key` is made of exactly these UTF-8 bytes (byte equality, which is what the
    /// stored hash is computed over).
    @inline(__always)
    func hasKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let utf8 = key.utf8
        let n = bytes.count
        guard utf8.count == n else { return false }
        if n == 0 { return true }
        return utf8.withContiguousStorageIfAvailable { k in memcmp(k.baseAddress!, bytes.baseAddress!, n) == 0 }
            ?? utf8.elementsEqual(bytes)
    }

    /// Sets this record (a free slot) up for a new ticket created at `t`: every field as a fresh
    /// ticket has it. The id set is emptied in place, keeping the spill buffer a former ticket of
    /// the slot may have left (see `makeFree`).
    mutating func open(key: String, keyHash: UInt64, at t: Instant, channel: UInt16, priority: Priority) {
        self.key = key
        self.keyHash = keyHash
        ids.removeAll()
        created = t
        lastEffective = t
        resolutionConsumed = .zero
        forgetSeq = 0
        firstResponse = nil
        nextResponse = nil
        resolution = nil
        self.channel = channel
        self.priority = priority
        phase = .waiting
        hasAgent = false
        firstResponded = false
        inUse = true
    }

    /// Records an applied event: its id hash, and its effective time as the ticket's last.
    @inline(__always)
    mutating func noteApplied(id: UInt64, at effective: Instant) {
        ids.insert(id)
        lastEffective = effective
    }

    /// Turns this (retired) record into a free slot in place: drops the key, empties the id set
    /// but keeps its spill buffer for the slot's next ticket (`open` reuses it), and
    /// clears `inUse`. Nothing reads a free slot but `inUse` (the checkpoint writes it as one
    /// byte), so the other fields are left as they were: cheaper than assigning `.free`, which
    /// copies a whole record and destroys the old one.
    mutating func makeFree() {
        inUse = false
        key = ""
        ids.removeAll()
        firstResponse = nil
        nextResponse = nil
        resolution = nil
    }

    subscript(kind: SLAKind) -> Cycle? {
        get {
            switch kind {
            case .firstResponse: firstResponse
            case .nextResponse: nextResponse
            case .resolution: resolution
            }
        }
        set {
            switch kind {
            case .firstResponse: firstResponse = newValue
            case .nextResponse: nextResponse = newValue
            case .resolution: resolution = newValue
            }
        }
    }

    static let free = TicketRecord(
        key: "", keyHash: 0, ids: EventIDSet(), created: .distantPast, lastEffective: .distantPast, resolutionConsumed: .zero,
        forgetSeq: 0, firstResponse: nil, nextResponse: nil, resolution: nil, channel: 0, priority: .normal,
        phase: .closed, hasAgent: false, firstResponded: false, inUse: false)
}
