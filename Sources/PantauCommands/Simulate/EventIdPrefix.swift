import PantauCore

/// A prefix put before every event id and ticket id the simulator writes, so that two runs into
/// the same spool never share an id: the simulator numbers tickets `t1`, `t2`, … and events
/// `e<ticket>-<n>` from 1 in every run, and the daemon takes a repeated id on the same ticket for
/// a duplicate (SPEC §2). With the prefix `r7b2x9k0c4-`, `{"id":"e1-1",…,"ticket":"t1",…}`
/// becomes `{"id":"r7b2x9k0c4-e1-1",…,"ticket":"r7b2x9k0c4-t1",…}`.
///
/// Malformed lines get it too where they carry an id or a ticket, so each is still rejected for
/// its own reason; a duplicate line gets it like the line it repeats, so it stays a duplicate.
struct EventIdPrefix: Equatable {
    /// The prefix, at most `maximumBytes` of `A-Z a-z 0-9 . _ : -` (nothing to escape in JSON).
    let bytes: [UInt8]

    static let maximumBytes = 64

    /// No prefix: the lines as the simulator renders them.
    static let none = EventIdPrefix(checked: [])

    private init(checked bytes: [UInt8]) { self.bytes = bytes }

    /// `--id-prefix TEXT`, checked.
    init(option text: String) throws(UsageError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= Self.maximumBytes, bytes.allSatisfy(Self.allowed) else {
            throw UsageError("--id-prefix expects at most \(Self.maximumBytes) of A-Z a-z 0-9 . _ : -, got \"\(text)\"")
        }
        self.bytes = bytes
    }

    /// A prefix no earlier run has: `r`, the wall clock in microseconds in base 36 (10 digits until
    /// 2085) and `-`, so two runs differ unless they start in the same microsecond.
    static func unique(at wall: Instant) -> EventIdPrefix {
        EventIdPrefix(checked: Array(("r" + String(max(0, wall.nanoseconds / 1000), radix: 36) + "-").utf8))
    }

    var isEmpty: Bool { bytes.isEmpty }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private static func allowed(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "-"): true
        default: false
        }
    }

    private static let idKey = Array(#""id":""#.utf8)
    private static let ticketKey = Array(#""ticket":""#.utf8)

    /// Appends `line` to `out` with the prefix inserted at the start of its first `"id"` value
    /// and of the first `"ticket"` value after it (as the simulator renders them: no spaces).
    func apply(_ line: [UInt8], into out: inout [UInt8]) {
        guard !bytes.isEmpty else { return out.append(contentsOf: line) }
        var copied = 0
        var from = 0
        for key in [Self.idKey, Self.ticketKey] {
            guard let at = Self.find(key, in: line, from: from) else { continue }
            let valueStart = at + key.count
            out.append(contentsOf: line[copied..<valueStart])
            out.append(contentsOf: bytes)
            copied = valueStart
            from = valueStart
        }
        out.append(contentsOf: line[copied...])
    }

    /// Where `key` first occurs in `line` at or after `from`.
    private static func find(_ key: [UInt8], in line: [UInt8], from: Int) -> Int? {
        guard line.count >= key.count else { return nil }
        var i = from
        while i <= line.count - key.count {
            if line[i] == key[0], line[i..<(i + key.count)].elementsEqual(key) { return i }
            i += 1
        }
        return nil
    }
}
