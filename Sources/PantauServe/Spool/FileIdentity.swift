import Glibc
import PantauCore
import PantauSystem

/// Which file a descriptor or path refers to: device and inode. Inode numbers are reused after a
/// deletion, so `TailedFile` also compares a fingerprint of the first bytes.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ st: stat) {
        self.device = UInt64(st.st_dev)
        self.inode = UInt64(st.st_ino)
    }

    /// The file a checkpoint entry names.
    init(_ file: CheckpointedFile) {
        self.init(device: file.device, inode: file.inode)
    }

    /// Checkpoint entries by file (the first of any two for one file).
    static func index(_ files: [CheckpointedFile]) -> [FileIdentity: CheckpointedFile] {
        Dictionary(files.map { (FileIdentity($0), $0) }, uniquingKeysWith: { a, _ in a })
    }
}
