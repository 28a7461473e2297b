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
    private(set) var parser: EventParser
    private let log: Logger
    /// Files currently named by a spool name, by name, and the name of each, by identity.
    private var attached: [[UInt8]: TailedFile] = [:]
    private var nameOfIdentity: [FileIdentity: [UInt8]] = [:]
    /// Files that lost their name and drain through their descriptor.
    private var detachedFiles: [TailedFile] = []
    private var heap = MergeHeap()
    /// Files that may have a line to read (deduplicated by `TailedFile.isDirty`).
    private var dirty: [TailedFile] = []
    /// Files in the middle of an over-long line.
    private var skippers: [TailedFile] = []
    /// Files holding a descriptor, by object.
    private var open: [ObjectIdentifier: TailedFile] = [:]
    private var uses: UInt64 = 0
    /// Names already warned about (cannot be opened, refused), so each is logged once.
    private var warnedNames: Set<[UInt8]> = []
    /// Names that are symlinks: the target's growth is invisible to the directory's inotify watch,
    /// so `refresh` looks at them by path.
    private var symlinked: Set<[UInt8]> = []
    /// Watches of symlink targets (`Inotify.watchTarget`), by the symlink's name.
    private var targetWatches: [[UInt8]: Int32] = [:]
    /// Watches a symlink's target, reporting it under the name (the daemon's inotify).
    var watchTarget: ((BytePath, [UInt8]) -> Int32?)?
    var unwatchTarget: ((Int32, [UInt8]) -> Void)?
    /// Files refused for good (pseudo files), by identity.
    private var refused: Set<FileIdentity> = []
    /// Positions to resume from, by identity, until the file is seen (checkpoint restore).
    private var resumeOffsets: [FileIdentity: CheckpointedFile] = [:]

    /// Known files `stat`ed per full scan (`scan`).
    var statsPerScan = 10_000
    private var scanGeneration: UInt64 = 0
    private var serials: UInt64 = 0
    /// Most descriptors held for reading (draining files may add to it).
    var maxOpenFiles = 64
    /// How long a drained file keeps its descriptor (late writes after a rotation by rename reach
    /// the old descriptor), and how long a detached file may stay silent before it is closed.
    var drainGraceNanoseconds: Int64 = 5_000_000_000
    /// Bytes read per `apply` for over-long lines, on top of `maxBytes`.
    var skipBytesPerCall = 8 << 20
    /// Total bytes of lines consumed, skipped over-long lines included (`pantau_spool_read_bytes_total`).
    private(set) var consumedBytes: Int64 = 0

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

    // MARK: Looking

    /// Reads the whole directory and reconciles every name with the followed files. A name that
    /// `readdir` shows as the regular file already followed under it (same inode) is not looked at
    /// again, except in turn: at most `statsPerScan` known files are `stat`ed per scan, round
    /// robin, so each is looked at every scan in a spool of up to that many files and every
    /// `files / statsPerScan` scans beyond (inotify reports changes as they come; this is the
    /// fallback). New names, symlinks and names of unknown type are always looked at.
    func scan() {
        guard let dir = directory.withCString({ opendir($0) }) else {
            log.warning("cannot read spool directory", ["SPOOL": directory, "ERROR": String(cString: strerror(errno))])
            return
        }
        defer { closedir(dir) }
        scanGeneration &+= 1
        let slices = max(1, (attached.count + statsPerScan - 1) / statsPerScan)
        let phase = Int(scanGeneration % UInt64(slices))
        let tracking = !resumeOffsets.isEmpty
        var present: Set<FileIdentity> = []
        var warnedSeen: Set<[UInt8]> = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            if !warnedNames.isEmpty && warnedNames.contains(name) { warnedSeen.insert(name) }
            if let file = attached[name], entry.pointee.d_type == UInt8(DT_REG), UInt64(entry.pointee.d_ino) == file.identity.inode,
               Int(file.serial % UInt64(slices)) != phase {
                file.seenInScan = scanGeneration
                if tracking { present.insert(file.identity) }
                continue
            }
            let identity = reconcile(name)
            if tracking, let identity { present.insert(identity) }
            attached[name]?.seenInScan = scanGeneration
        }
        for (name, file) in attached where file.seenInScan != scanGeneration { detach(file, name: name) }
        // Checkpointed files that are gone (deleted while stopped) are forgotten; ones still
        // present but not openable yet keep their offsets for the next scan.
        if tracking { resumeOffsets = resumeOffsets.filter { present.contains($0.key) } }
        warnedNames = warnedSeen
    }

    /// Names inotify reported (created, written, renamed, deleted): each is looked at again.
    func noteChanged(_ names: some Sequence<[UInt8]>) {
        for name in names { _ = reconcile(name) }
    }

    /// Looks at one name; returns the identity of the regular file it names, if any.
    @discardableResult
    private func reconcile(_ name: [UInt8]) -> FileIdentity? {
        let path = directory.appending(name)
        var st = stat()
        let exists = path.withCString { stat($0, &st) } == 0 && (st.st_mode & S_IFMT) == S_IFREG
        let identity = exists ? FileIdentity(st) : nil
        if let file = attached[name] {
            if identity == file.identity {
                noteStat(file, st)
                return identity
            }
            detach(file, name: name)
        }
        guard let identity else { return nil }
        guard pattern.matches(name) else {
            adoptRotatedWhileStopped(path, identity: identity)
            return identity
        }
        if refused.contains(identity) { return identity }
        if let other = nameOfIdentity[identity], other != name, let file = attached[other] {
            // Followed under another name: a hard link (that name still names it), or a rename
            // whose old name has not been looked at yet.
            var old = stat()
            let stillThere = directory.appending(other).withCString { stat($0, &old) } == 0 && FileIdentity(old) == identity
            if stillThere { return identity }
            detach(file, name: other)  // kept as detached, and taken up again just below
        }
        if let index = detachedFiles.firstIndex(where: { $0.identity == identity }) {
            // Renamed within the spool (e.g. rotated to another matching name): same file, same offset.
            let file = detachedFiles.remove(at: index)
            log.info("file renamed", ["FROM": file.path, "TO": path])
            file.path = path
            file.detached = false
            file.loggedDetach = false
            setAttached(name, file)
            noteStat(file, st)
            markDirty(file)
            return identity
        }
        attach(name: name, path: path, identity: identity)
        return identity
    }

    private func forgetSymlink(_ name: [UInt8]) {
        symlinked.remove(name)
        if let wd = targetWatches.removeValue(forKey: name) { unwatchTarget?(wd, name) }
    }

    private func setAttached(_ name: [UInt8], _ file: TailedFile) {
        if file.serial == 0 {
            serials &+= 1
            file.serial = serials
        }
        attached[name] = file
        nameOfIdentity[file.identity] = name
    }

    private func removeAttached(_ name: [UInt8]) {
        guard let file = attached.removeValue(forKey: name) else { return }
        if nameOfIdentity[file.identity] == name { nameOfIdentity[file.identity] = nil }
    }

    private func noteStat(_ file: TailedFile, _ st: stat) {
        switch file.note(st) {
        case .none: break
        case .grew, .touched, .truncated: markDirty(file)
        }
    }

    private func attach(name: [UInt8], path: BytePath, identity: FileIdentity) {
        guard case .success(let (fd, st)) = openChecked(path, name: name, identity: identity) else { return }
        let resume = resumeOffsets.removeValue(forKey: identity)
        let file = TailedFile(path: path, descriptor: fd, stat: st, offset: resume?.offset ?? 0,
                              lines: resume == nil ? 0 : resume?.lines, maxLineBytes: maxLineBytes, now: clock.monotonicNanoseconds())
        if let resume {
            file.expect(fingerprint: resume.fingerprint, anchor: anchor(of: resume))
            log.info("resuming file", ["FILE": path, "OFFSET": String(resume.offset)])
        } else {
            log.info("following new file", ["FILE": path])
        }
        setAttached(name, file)
        var lst = stat()
        if path.withCString({ lstat($0, &lst) }) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
            symlinked.insert(name)
            if let wd = watchTarget?(path, name) { targetWatches[name] = wd }
        }
        holdDescriptor(file)
        markDirty(file)
    }

    private func anchor(of p: CheckpointedFile) -> FileAnchor? {
        p.anchorLength > 0 ? FileAnchor(offset: p.offset, length: p.anchorLength, checksum: p.anchorChecksum) : nil
    }

    /// A checkpointed file renamed to a name that does not match while the daemon was down (e.g.
    /// rotated to NAME.1): drained from its checkpointed position, then forgotten.
    private func adoptRotatedWhileStopped(_ path: BytePath, identity: FileIdentity) {
        guard let resume = resumeOffsets[identity], !detachedFiles.contains(where: { $0.identity == identity }) else { return }
        resumeOffsets[identity] = nil
        guard case .success(let (fd, st)) = openChecked(path, name: path.lastComponent, identity: identity) else { return }
        let file = TailedFile(path: path, descriptor: fd, stat: st, offset: resume.offset, lines: resume.lines,
                              maxLineBytes: maxLineBytes, now: clock.monotonicNanoseconds())
        file.expect(fingerprint: resume.fingerprint, anchor: anchor(of: resume))
        guard prepare(file, startOverIfChanged: false) else {
            // Outside the pattern, only the checkpointed file itself is read on (from its
            // position); another file on a reused inode, a copy, or the file rewritten is none of
            // the spool's business.
            dropDescriptor(file)
            return
        }
        log.info("draining a file rotated while stopped", ["FILE": path, "OFFSET": String(file.appliedOffset)])
        file.detached = true
        file.loggedDetach = true
        detachedFiles.append(file)
        holdDescriptor(file)
        markDirty(file)
    }

    /// Opens `path`, refusing what is not data; logs a failure once per name.
    private func openChecked(_ path: BytePath, name: [UInt8], identity: FileIdentity) -> Result<(fd: Int32, stat: stat), SpoolFileOpener.Failure> {
        makeRoomForDescriptor()
        let result = SpoolFileOpener.open(path)
        switch result {
        case .success(let (fd, st)):
            guard FileIdentity(st) == identity else {
                close(fd)  // replaced between stat and open: the next look sees the new file
                return .failure(.system(EAGAIN))
            }
            warnedNames.remove(name)
        case .failure(let failure):
            if !failure.isTransient { refused.insert(identity) }
            if warnedNames.insert(name).inserted {
                log.warning(failure.isTransient ? "cannot open file yet; will retry" : "refusing spool file",
                            ["FILE": path, "REASON": failure.reason])
            }
        }
        return result
    }

    /// The name no longer refers to `file`: it drains through its descriptor. Either way it stays
    /// known by identity for the drain grace, so a rename within the spool is found under the new
    /// name whichever of the two names is looked at first.
    private func detach(_ file: TailedFile, name: [UInt8]) {
        removeAttached(name)
        forgetSymlink(name)
        guard file.hasDescriptor else {
            // Nothing to drain it through. Kept by identity for the drain grace all the same: a
            // rename within the spool whose new name is looked at later (a scan, the next inotify
            // read) finds it and goes on from its offset instead of reading it again as new.
            file.detached = true
            file.loggedDetach = true
            file.lastActivity = clock.monotonicNanoseconds()
            detachedFiles.append(file)
            return
        }
        file.detached = true
        detachedFiles.append(file)
        markDirty(file)
    }

    private func forget(_ file: TailedFile) {
        dropDescriptor(file)
        file.discardHead()
        skippers.removeAll { $0 === file }
    }

    /// Looks for growth and truncation in every file holding a descriptor; closes the descriptors
    /// of drained files after the grace, and drained detached files altogether.
    func refresh() {
        let now = clock.monotonicNanoseconds()
        for file in Array(open.values) {
            switch file.refresh() {
            case .none:
                let idle = now - file.lastActivity > drainGraceNanoseconds
                guard idle, !file.isDirty, file.skipping == nil else { continue }
                if file.detached {
                    guard file.head == nil, !file.hasUnreadBytes else { continue }
                    if file.pendingPartialBytes > 0 {
                        log.warning("closing a drained file with an incomplete last line", ["FILE": file.path, "BYTES": String(file.pendingPartialBytes)])
                    } else {
                        log.info("closed drained file", ["FILE": file.path])
                    }
                    detachedFiles.removeAll { $0 === file }
                    forget(file)
                } else if file.head == nil {
                    dropDescriptor(file)
                }
            case .grew, .touched, .truncated:
                file.lastActivity = now
                markDirty(file)
            }
        }
        for file in detachedFiles where !file.hasDescriptor && now - file.lastActivity > drainGraceNanoseconds {
            if !file.fullyApplied {
                log.warning("file went away before it was read to its end", ["FILE": file.path, "OFFSET": String(file.appliedOffset)])
            }
            detachedFiles.removeAll { $0 === file }
            forget(file)
        }
        for name in symlinked {
            guard let file = attached[name], !file.hasDescriptor else { continue }
            reconcile(name)
        }
        for file in detachedFiles where !file.loggedDetach {
            file.loggedDetach = true
            log.info("file renamed away or deleted; draining it", ["FILE": file.path])
        }
    }

    // MARK: Descriptors

    private func holdDescriptor(_ file: TailedFile) {
        uses &+= 1
        file.lastUse = uses
        open[ObjectIdentifier(file)] = file
    }

    private func dropDescriptor(_ file: TailedFile) {
        file.closeDescriptor()
        open[ObjectIdentifier(file)] = nil
    }

    /// Closes the least recently used descriptor of an attached file when `maxOpenFiles` are held
    /// (its file is reopened by name when it is read next). Draining files keep theirs: their
    /// name is gone.
    private func makeRoomForDescriptor() {
        guard open.count >= maxOpenFiles else { return }
        guard let victim = open.values.filter({ !$0.detached }).min(by: { $0.lastUse < $1.lastUse }) else { return }
        dropDescriptor(victim)
    }

    /// Reopens `file` by its name if it holds no descriptor, then checks it is the same content:
    /// a file truncated or rewritten is read from its start, or with `startOverIfChanged` false
    /// refused. False when it cannot (or must not) be read now.
    private func prepare(_ file: TailedFile, startOverIfChanged: Bool = true) -> Bool {
        if !file.hasDescriptor {
            guard !file.detached else { return false }
            makeRoomForDescriptor()
            guard case .success(let (fd, st)) = SpoolFileOpener.open(file.path) else { return false }
            guard FileIdentity(st) == file.identity else {
                close(fd)  // the name now names another file: the next look reconciles it
                return false
            }
            file.adopt(descriptor: fd, stat: st)
        }
        holdDescriptor(file)
        let now = clock.monotonicNanoseconds()
        let resumed = file.awaitsResumeCheck
        if !startOverIfChanged {
            guard file.refresh() != .truncated, !file.needsVerification || file.verify() else {
                log.info("not reading a file outside the pattern: it has the identity of a checkpointed file but not its content",
                         ["FILE": file.path, "OFFSET": String(file.appliedOffset)])
                return false
            }
            return true
        }
        if file.refresh() == .truncated {
            log.info(resumed ? "file truncated while stopped; reading from its start" : "file truncated; reading from its start", ["FILE": file.path])
            file.startOver(now: now)
        } else if file.needsVerification && !file.verify() {
            log.info(resumed ? "file changed while stopped (inode reused or rewritten); reading from its start"
                             : "file truncated or rewritten; reading from its start",
                     ["FILE": file.path, "OFFSET": String(file.appliedOffset)])
            file.startOver(now: now)
        }
        return true
    }

    // MARK: Merging

    /// What `apply` did.
    struct Progress: Equatable {
        /// Lines applied (rejected ones included).
        var lines = 0
        /// Complete lines may still be waiting (the line or byte budget ran out): not caught up.
        var backlog = false
        /// Work remains for the next call (backlog, or an over-long line still being skipped).
        var more = false
    }

    /// Applies up to `maxLines` complete lines in merge order, reading at most `maxBytes`
    /// (over-long lines skip within `skipBytesPerCall` more). `body` gets each line's outcome,
    /// file and origin.
    @discardableResult
    func apply(maxLines: Int, maxBytes: Int = 16 << 20, _ body: (ParseOutcome, BytePath, LineOrigin) -> Void) -> Progress {
        // A local parser: the property would pay a dynamic exclusivity check on every line.
        var parser = self.parser
        defer { self.parser = parser }
        var budget = maxBytes
        var progress = Progress()
        // Every file with a possible line must show its next line before the merge may pick one.
        var pending = dirty
        dirty = []
        while let file = pending.popLast() {
            file.isDirty = false
            if file.skipping != nil {
                if !skippers.contains(where: { $0 === file }) { skippers.append(file) }
                continue
            }
            guard !progress.backlog else { markDirty(file); continue }
            if load(file, &parser, &budget) == .budgetExhausted { progress.backlog = true }
        }
        while !progress.backlog, progress.lines < maxLines, let file = heap.popCurrent() {
            body(file.head!, file.path, file.headOrigin)
            file.consumeHead()
            collect(file)
            progress.lines += 1
            if load(file, &parser, &budget) == .budgetExhausted { progress.backlog = true }
        }
        var skipBudget = skipBytesPerCall
        for file in skippers where file.skipping != nil && skipBudget > 0 {
            _ = load(file, &parser, &skipBudget)
        }
        skippers.removeAll { $0.skipping == nil }
        if progress.lines == maxLines || !dirty.isEmpty { progress.backlog = true }
        progress.more = progress.backlog || !skippers.isEmpty || (!heap.isEmpty && progress.lines < maxLines)
        return progress
    }

    /// Reads `file`'s next line into the heap; the result tells what stopped it.
    private func load(_ file: TailedFile, _ parser: inout EventParser, _ budget: inout Int) -> TailedFile.Load {
        if file.head != nil { return .line }
        guard prepare(file) else { return .waiting }
        let wasSkipping = file.skipping != nil
        let result = file.loadHead(&parser, budget: &budget, now: clock.monotonicNanoseconds())
        collect(file)
        switch result {
        case .line:
            heap.push(file)
        case .waiting:
            file.releaseBuffer()
        case .skipping:
            if !wasSkipping { skippers.append(file) }
        case .budgetExhausted:
            markDirty(file)
        case .rewritten:
            if file.detached {
                // Renamed away or deleted, then rewritten: its new content is not the spool's.
                log.info("a file renamed away was rewritten; not reading it further", ["FILE": file.path, "OFFSET": String(file.appliedOffset)])
                detachedFiles.removeAll { $0 === file }
                forget(file)
            } else {
                log.info("file truncated or rewritten; reading from its start", ["FILE": file.path, "OFFSET": String(file.appliedOffset)])
                file.startOver(now: clock.monotonicNanoseconds())
                markDirty(file)
            }
        case .failed(let e):
            if e == 0 {
                refused.insert(file.identity)
                log.warning("refusing spool file", ["FILE": file.path, "REASON": "it yields more bytes than its size (a pseudo file)"])
                if let name = nameOfIdentity[file.identity], attached[name] === file { removeAttached(name) }
                detachedFiles.removeAll { $0 === file }
                forget(file)
            } else {
                log.warning("cannot read file", ["FILE": file.path, "ERROR": String(cString: strerror(e))])
                dropDescriptor(file)
            }
        }
        return result
    }

    private func collect(_ file: TailedFile) {
        consumedBytes += file.consumedSinceCollected
        file.consumedSinceCollected = 0
    }

    private func markDirty(_ file: TailedFile) {
        guard !file.isDirty else { return }
        file.isDirty = true
        dirty.append(file)
    }

    /// The event id of the line at `origin` in `path`, read again from the file (for the log of a
    /// rejected line; nil when it cannot be read or has no string `id`).
    func eventID(path: BytePath, origin: LineOrigin) -> String? {
        guard case .success(let (fd, _)) = SpoolFileOpener.open(path) else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: maxLineBytes + 2)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(origin.offset)) }
        guard n > 0, let end = bytes[0..<n].firstIndex(of: 0x0A) else { return nil }
        return bytes.withUnsafeBufferPointer { parser.eventID(in: UnsafeBufferPointer(rebasing: $0[0..<end])) }
    }

    /// Whether complete lines may be waiting: files to look at, or lines parsed and not applied.
    var hasBacklog: Bool { !dirty.isEmpty || !heap.isEmpty }

    /// The oldest modification time (seconds) among files with lines waiting (for the lag).
    var oldestBacklogModificationTime: Int64? {
        (dirty + heap.files).filter { $0.head != nil || $0.hasUnreadBytes }.map(\.modificationTime).min()
    }

    /// Deletes attached files that are fully applied, covered by the durable checkpoint (`durable`:
    /// the positions it stored, by identity; the anchor must match too, so a file re-created on a
    /// reused inode is never taken for the checkpointed one) and unchanged for `age` (DeleteConsumed=).
    func deleteConsumed(durable: [FileIdentity: CheckpointedFile], age: TimeSpan, now: Instant) {
        for (name, file) in attached where file.fullyApplied && file.appliedOffset > 0 {
            guard let stored = durable[file.identity], stored.offset == file.appliedOffset,
                  let anchor = file.anchor(), stored.anchorLength == anchor.length, stored.anchorChecksum == anchor.checksum,
                  now.seconds - file.modificationTime >= age.nanoseconds / 1_000_000_000 else { continue }
            if file.path.withCString({ unlink($0) }) == 0 {
                log.info("deleted consumed file", ["FILE": file.path, "BYTES": String(file.appliedOffset)])
                removeAttached(name)
                forget(file)
            } else {
                log.warning("cannot delete consumed file", ["FILE": file.path, "ERROR": String(cString: strerror(errno))])
            }
        }
    }
}
