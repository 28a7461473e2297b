import PantauCore
import PantauSystem

/// What a spool file held just before a read position: the length and CRC-32 of the (up to)
/// `TailedFile.anchorLength` bytes ending there. Together with the first bytes (the fingerprint)
/// it tells the same file, grown, from a file that was rewritten (copytruncate refilled past the
/// old position) or re-created on a reused inode: producers whose lines share a long prefix
/// (unknown fields first is legal) defeat a fingerprint of the first bytes alone, but not the
/// bytes just before the position, which hold the last line read and its event id.
struct FileAnchor: Equatable, Sendable {
    /// The read position the anchor ends at.
    var offset: Int64
    /// Bytes covered (`min(offset, anchorLength)`).
    var length: Int
    /// CRC-32 of those bytes.
    var checksum: UInt32

    init(offset: Int64, length: Int, checksum: UInt32) {
        self.offset = offset
        self.length = length
        self.checksum = checksum
    }

    /// The anchor of `bytes`, which end at `offset`.
    init(offset: Int64, bytes: UnsafeRawBufferPointer) {
        var crc = CRC32()
        crc.update(bytes)
        self.init(offset: offset, length: bytes.count, checksum: crc.value)
    }
}
