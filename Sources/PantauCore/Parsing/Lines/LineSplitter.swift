import Glibc

/// The one line framing of the spool and of replay (SPEC §2): lines end with LF; a line longer
/// than `maxLineBytes` is rejected (`line_too_long`) without ever being held whole: once the
/// unparsed bytes pass the limit with no LF among them, they are dropped as they stream by, up
/// to the LF that ends the line. The reader keeps whether it is skipping; this says what to do
/// with the unparsed bytes it holds.
public enum LineSplitter {
    /// What to do with the unparsed bytes.
    public enum Step: Equatable, Sendable {
        /// A complete line ends at index `lf` (its LF); the next line starts after it.
        case line(lf: Int)
        /// The over-long line being skipped ends at index `lf`: reject it, go on after it.
        case endOfLongLine(lf: Int)
        /// No LF, and more bytes than any line may have: start skipping (drop them all).
        case startSkipping
        /// No LF while skipping: drop them all.
        case skip
        /// No LF yet: read more.
        case needMore
    }

    /// The step for `bytes` (the unparsed bytes, from a line's start or inside a skipped line).
    @inlinable
    public static func step(_ bytes: UnsafeBufferPointer<UInt8>, skipping: Bool, maxLineBytes: Int) -> Step {
        if let lf = indexOfLF(bytes) { return skipping ? .endOfLongLine(lf: lf) : .line(lf: lf) }
        if skipping { return .skip }
        // The limit counts the line without its LF (and a CR before it).
        return bytes.count > maxLineBytes + 1 ? .startSkipping : .needMore
    }

    /// Index of the first LF in `bytes` (memchr: vectorised).
    @inlinable
    public static func indexOfLF(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty, let p = memchr(base, 0x0A, bytes.count) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }
}
