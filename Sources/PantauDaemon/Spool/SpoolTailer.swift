import Glibc
import PantauCore

/// Follows every regular file in the spool directory whose name matches the pattern (SPEC §4):
/// files present at start and files created or renamed in later are read from their start;
/// growth is followed; a path that comes to name another file (rotation by rename, a symlink swap,
/// deletion and re-creation) leaves the old file draining through its descriptor; copytruncate
/// starts over at offset 0; a file that cannot be opened yet is retried at every scan.
///
/// `apply(maxLines:_:)` hands out complete lines in merge order: the smallest `ts` among the files'
/// next lines first, a line that failed parsing first of all, ties to the file with the older
/// modification time, then the smaller name.
final class SpoolTailer {
    let directory: String
    private(set) var pattern: GlobPattern
    private(set) var maxLineBytes: Int
    private(set) var parser: EventParser
    private let log: Logger
    /// Files currently named by a spool path.
    private var attached: [String: TailedFile] = [:]
    /// Files that lost their name and are being drained.
    private var detachedFiles: [TailedFile] = []
    /// Paths that could not be opened, so the failure is logged once.
    private var unopenable: Set<String> = []
    /// Offsets to resume from, by identity, until the file is seen (checkpoint restore).
    private var resumeOffsets: [FileIdentity: (offset: Int64, fingerprint: [UInt8], path: String)] = [:]
    /// How long a detached file may stay silent before it is closed.
    var drainGraceNanoseconds: Int64 = 5_000_000_000
    /// Total bytes of complete lines consumed (`pantau_spool_read_bytes_total`).
    private(set) var consumedBytes: Int64 = 0

    init(directory: String, pattern: String, parser: EventParser, maxLineBytes: Int, log: Logger) {
        self.directory = directory
        self.pattern = GlobPattern(pattern: pattern)
        self.parser = parser
        self.maxLineBytes = maxLineBytes
        self.log = log
    }

    /// Every followed file, attached first (sorted by path), then the draining ones.
    var files: [TailedFile] { attached.keys.sorted().map { attached[$0]! } + detachedFiles }

    /// Number of files followed (`pantau_spool_files`).
    var fileCount: Int { attached.count + detachedFiles.count }

    /// Uses a new parser (configuration reload: other channels or line limit).
    func reconfigure(parser: EventParser, pattern: String) {
        self.parser = parser
        self.pattern = GlobPattern(pattern: pattern)
    }

    /// Positions to resume from after a restart. Files are matched by identity and fingerprint; one
    /// that was renamed away while the daemon was down is looked for under every name in the spool.
    func resume(from positions: [(path: String, identity: FileIdentity, fingerprint: [UInt8], offset: Int64)]) {
        for p in positions { resumeOffsets[p.identity] = (p.offset, p.fingerprint, p.path) }
    }

    // MARK: Scanning

    /// Reads the directory and reconciles it with the followed files.
    func scan() {
        guard let dir = opendir(directory) else {
            log.warning("cannot read spool directory", ["SPOOL": directory, "ERROR": String(cString: strerror(errno))])
            return
        }
        defer { closedir(dir) }
        var seen: Set<String> = []
        var present: Set<FileIdentity> = []
        var others: [(name: String, identity: FileIdentity)] = []
        var matching: [(path: String, identity: FileIdentity)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let path = directory + "/" + name
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let identity = FileIdentity(st)
            present.insert(identity)
            guard pattern.matches(name) else {
                if !resumeOffsets.isEmpty { others.append((name, identity)) }
                continue
            }
            seen.insert(path)
            matching.append((path, identity))
        }
        // Names that now refer to another file, or to none: their files drain under no name (or
        // are adopted below if they were renamed to another matching name).
        let identityOf = Dictionary(matching.map { ($0.path, $0.identity) }, uniquingKeysWith: { a, _ in a })
        for (path, file) in attached {
            if identityOf[path] == file.identity { continue }
            file.detached = true
            detachedFiles.append(file)
            attached[path] = nil
        }
        for (path, identity) in matching where attached[path] == nil {
            if let index = detachedFiles.firstIndex(where: { $0.identity == identity }) {
                // Renamed within the spool (e.g. rotated to another matching name): same file, same offset.
                let file = detachedFiles.remove(at: index)
                log.info("file renamed", ["FROM": file.path, "TO": path])
                file.path = path
                file.detached = false
                attached[path] = file
                continue
            }
            open(path: path, identity: identity)
        }
        for file in detachedFiles where !file.loggedDetach {
            file.loggedDetach = true
            log.info("file renamed away or deleted; draining it", ["FILE": file.path])
        }
        // Checkpointed files renamed away while the daemon was down (e.g. rotated to NAME.1).
        for other in others {
            guard let resume = resumeOffsets[other.identity] else { continue }
            let path = directory + "/" + other.name
            if let file = TailedFile.open(path: path, offset: resume.offset, maxLineBytes: maxLineBytes),
               file.identity == other.identity, file.fingerprint.starts(with: resume.fingerprint.prefix(file.fingerprint.count)) {
                log.info("draining a file rotated while stopped", ["FILE": path, "OFFSET": String(resume.offset)])
                file.detached = true
                detachedFiles.append(file)
            }
            resumeOffsets[other.identity] = nil
        }
        // Checkpointed files that are gone (deleted while stopped) are forgotten; ones still present
        // but not openable yet keep their offsets for the next scan.
        resumeOffsets = resumeOffsets.filter { present.contains($0.key) }
    }

    private func open(path: String, identity: FileIdentity) {
        var offset: Int64 = 0
        if let resume = resumeOffsets[identity] {
            offset = resume.offset
        }
        guard let file = TailedFile.open(path: path, offset: offset, maxLineBytes: maxLineBytes) else {
            if !unopenable.contains(path) {
                unopenable.insert(path)
                log.warning("cannot open file yet; will retry", ["FILE": path, "ERROR": String(cString: strerror(errno))])
            }
            return
        }
        unopenable.remove(path)
        if let resume = resumeOffsets[identity] {
            resumeOffsets[identity] = nil
            // Same inode: resume only if the first bytes are the ones checkpointed (no inode reuse).
            let known = resume.fingerprint
            if !(file.fingerprint.starts(with: known) || known.starts(with: file.fingerprint)) {
                log.info("file changed while stopped (inode reused); reading from its start", ["FILE": path])
                guard let fresh = TailedFile.open(path: path, offset: 0, maxLineBytes: maxLineBytes) else { return }
                attached[path] = fresh
                return
            }
            log.info("resuming file", ["FILE": path, "OFFSET": String(offset)])
        } else {
            log.info("following new file", ["FILE": path])
        }
        // A file shorter than the resumed offset was truncated while stopped: refresh starts it over.
        if file.refresh() == .truncated { log.info("file truncated; reading from its start", ["FILE": path]) }
        attached[path] = file
    }

    /// Looks for growth and truncation in every file; closes drained detached files.
    func refresh() {
        for file in attached.values {
            if file.refresh() == .truncated { log.info("file truncated; reading from its start", ["FILE": file.path]) }
        }
        let now = SystemClock.monotonicNanoseconds()
        detachedFiles.removeAll { file in
            _ = file.refresh()
            if file.head == nil, !file.hasUnreadBytes, now - file.lastGrowth > drainGraceNanoseconds {
                if file.pendingPartialBytes > 0 {
                    log.warning("closing a drained file with an incomplete last line", ["FILE": file.path, "BYTES": String(file.pendingPartialBytes)])
                } else {
                    log.info("closed drained file", ["FILE": file.path])
                }
                return true
            }
            return false
        }
    }

    // MARK: Merging

    /// Applies up to `maxLines` complete lines in merge order; returns how many were applied.
    /// Stops early when no file has a complete line.
    func apply(maxLines: Int, _ body: (ParseOutcome) -> Void) -> Int {
        // A local parser: the property would pay a dynamic exclusivity check on every line.
        var parser = self.parser
        defer { self.parser = parser }
        var heap: [TailedFile] = []
        for file in attached.values where file.loadHead(&parser) { heap.append(file) }
        for file in detachedFiles where file.loadHead(&parser) { heap.append(file) }
        guard !heap.isEmpty else { return 0 }
        heap.sort { SpoolTailer.precedes($0, $1) }
        var applied = 0
        // The files are few; keep them sorted and reinsert the one that moved (binary insertion).
        while applied < maxLines, !heap.isEmpty {
            let file = heap.removeFirst()
            let before = file.appliedOffset
            body(file.head!)
            file.consumeHead()
            consumedBytes += file.appliedOffset - before
            applied += 1
            if file.loadHead(&parser) {
                var lo = 0, hi = heap.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if SpoolTailer.precedes(heap[mid], file) { lo = mid + 1 } else { hi = mid }
                }
                heap.insert(file, at: lo)
            }
        }
        return applied
    }

    private static func key(_ f: TailedFile) -> Int64 {
        if case .event(let e) = f.head { return e.timestamp.nanoseconds }
        return Int64.min
    }

    private static func precedes(_ a: TailedFile, _ b: TailedFile) -> Bool {
        let ka = key(a), kb = key(b)
        if ka != kb { return ka < kb }
        if a.modificationTime != b.modificationTime { return a.modificationTime < b.modificationTime }
        return a.path < b.path
    }

    /// Whether every followed file is applied up to its last complete line.
    var caughtUp: Bool {
        !attached.values.contains { $0.head != nil || $0.hasUnreadBytes } && !detachedFiles.contains { $0.head != nil || $0.hasUnreadBytes }
    }

    /// Deletes attached files that are fully applied, covered by the durable checkpoint
    /// (`durable` maps identity to the checkpointed offset) and unchanged for `age` (DeleteConsumed=).
    func deleteConsumed(durable: [FileIdentity: Int64], age: TimeSpan, now: Instant) {
        for (path, file) in attached where file.fullyApplied {
            guard let offset = durable[file.identity], offset >= file.appliedOffset, file.appliedOffset > 0,
                  now.seconds - file.modificationTime >= age.nanoseconds / 1_000_000_000 else { continue }
            if unlink(path) == 0 {
                log.info("deleted consumed file", ["FILE": path, "BYTES": String(file.appliedOffset)])
                attached[path] = nil
            } else {
                log.warning("cannot delete consumed file", ["FILE": path, "ERROR": String(cString: strerror(errno))])
            }
        }
    }
}
