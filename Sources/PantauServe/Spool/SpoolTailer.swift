import Glibc
import PantauCore
import PantauSystem

/// Follows every regular file in the spool directory whose name matches the pattern (SPEC §4):
/// files present at start and files created or renamed in later are read from their start;
/// growth is followed; a path that comes to name another file (rotation by rename, a symlink swap,
/// deletion and re-creation) leaves the old file draining through its descriptor; copytruncate and
/// a rewrite start over at offset 0; a file that cannot be opened yet is retried.
///
/// Bounded whatever the spool holds:
/// - descriptors: at most `maxOpenFiles` files being read hold one (least recently used closed
///   first; draining files excepted), and a drained file closes its own after
///   `descriptorGraceNanoseconds`; buffers only while a file is read;
/// - work: `apply` reads at most `maxBytes` per call, and over-long lines are skipped within a
///   budget of their own, so one huge file delays neither other files nor the engine's timers;
/// - looks: changes come by name from inotify (`noteChanged`); `scan` reads the whole directory
///   (at start, on overflow and as a periodic fallback).
///
/// `apply` hands out complete lines in merge order (`MergeHeap`).
final class SpoolTailer {
    let directory: BytePath
    private(set) var pattern: GlobPattern
    private(set) var maxLineBytes: Int
    var parser: EventParser
    let log: Logger
    /// Files currently named by a spool name, by name, and the name of each, by identity.
    var attached: [[UInt8]: TailedFile] = [:]
    var nameOfIdentity: [FileIdentity: [UInt8]] = [:]
    /// Files that lost their name and drain through their descriptor.
    var detachedFiles: [TailedFile] = []
    var heap = MergeHeap()
    /// Files that may have a line to read (deduplicated by `TailedFile.isDirty`).
    var dirty: [TailedFile] = []
    /// Files in the middle of an over-long line.
    var skippers: [TailedFile] = []
    /// Files holding a descriptor, by object.
    var open: [ObjectIdentifier: TailedFile] = [:]
    var uses: UInt64 = 0
    /// Names already warned about (cannot be opened, refused), so each is logged once.
    var warnedNames: Set<[UInt8]> = []
    /// Names that are symlinks: the target's growth is invisible to the directory's inotify watch,
    /// so `refresh` looks at them by path.
    var symlinked: Set<[UInt8]> = []
    /// Watches of symlink targets (`Inotify.watchTarget`), by the symlink's name.
    var targetWatches: [[UInt8]: Int32] = [:]
    /// Watches a symlink's target, reporting it under the name (the daemon's inotify).
    var watchTarget: ((BytePath, [UInt8]) -> Int32?)?
    /// Takes in the changes inotify has queued (`noteChanged`), called by `apply` after each read
    /// from disk; nil without inotify.
    var collectChanges: (() -> Void)?
    /// Loads that read from disk, so far (`apply` takes in inotify's news after each).
    var freshReads: UInt64 = 0
    var unwatchTarget: ((Int32, [UInt8]) -> Void)?
    /// Files refused for good (pseudo files), by identity.
    var refused: Set<FileIdentity> = []
    /// Positions to resume from, by identity, until the file is seen (checkpoint restore).
    var resumeOffsets: [FileIdentity: CheckpointedFile] = [:]

    /// Known files `stat`ed per full scan (`scan`).
    var statsPerScan = 10_000
    var scanGeneration: UInt64 = 0
    var serials: UInt64 = 0
    /// Most descriptors held for reading (draining files may add to it).
    var maxOpenFiles = 64
    /// How long a drained file keeps its descriptor (late writes after a rotation by rename reach
    /// the old descriptor), and how long a detached file may stay silent before it is closed.
    var drainGraceNanoseconds: Int64 = 5_000_000_000
    /// Bytes read per `apply` for over-long lines, on top of `maxBytes`.
    var skipBytesPerCall = 8 << 20
    /// Total bytes of lines consumed, skipped over-long lines included (`pantau_spool_read_bytes_total`).
    var consumedBytes: Int64 = 0

    /// Monotonic time for drain grace and descriptor idleness; wall time for `DeleteConsumed=` ages.
    let clock: any Clock

    init(directory: String, pattern: String, parser: EventParser, maxLineBytes: Int, log: Logger, clock: any Clock = SystemClock()) {
        self.clock = clock
        self.directory = BytePath(directory)
        self.pattern = GlobPattern(pattern: pattern)
        self.parser = parser
        self.maxLineBytes = maxLineBytes
        self.log = log
    }

    /// Every followed file, attached first (sorted by name), then the draining ones.
    var files: [TailedFile] { attached.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { attached[$0]! } + detachedFiles }

    /// Number of files followed (`pantau_spool_files`).
    var fileCount: Int { attached.count + detachedFiles.count }
    /// Descriptors held for spool files.
    var openDescriptorCount: Int { open.count }
    /// Read buffers allocated.
    var bufferCount: Int { open.values.reduce(0) { $0 + ($1.holdsBuffer ? 1 : 0) } }

    /// Uses a new parser (configuration reload: other channels or line limit).
    func reconfigure(parser: EventParser, pattern: String) {
        self.parser = parser
        self.pattern = GlobPattern(pattern: pattern)
    }

    /// Positions to resume from after a restart. Files are matched by identity, fingerprint and
    /// anchor; one that was renamed away while the daemon was down is looked for under every name
    /// in the spool.
    func resume(from positions: [CheckpointedFile]) {
        for p in positions { resumeOffsets[FileIdentity(p)] = p }
    }

    /// The positions a checkpoint stores.
    func checkpointedFiles() -> [CheckpointedFile] {
        (Array(attached.values) + detachedFiles).map { f in
            let anchor = f.anchor()
            return CheckpointedFile(path: f.path.bytes, device: f.identity.device, inode: f.identity.inode,
                                    fingerprint: f.fingerprint, offset: f.appliedOffset, lines: f.appliedLines,
                                    anchorLength: anchor?.length ?? 0, anchorChecksum: anchor?.checksum ?? 0)
        }
    }

}
