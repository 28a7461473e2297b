import Glibc
import PantauCore
import PantauSystem

extension SpoolTailer {
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
        // What inotify has queued since its handler ran is taken in first (`settle`).
        var settled = freshReads &- 1
        loadDirty(&parser, &budget, &progress)
        settle(&settled, &parser, &budget, &progress)
        while !progress.backlog, progress.lines < maxLines, let file = heap.popCurrent() {
            body(file.head!, file.path, file.headOrigin)
            file.consumeHead()
            collect(file)
            progress.lines += 1
            if load(file, &parser, &budget) == .budgetExhausted { progress.backlog = true }
            settle(&settled, &parser, &budget, &progress)
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

    /// After a read from disk (anywhere: the merge's own file, or a dirty file loaded): a fresh
    /// read may bring lines written after another file's latest bytes (one that went quiet and has
    /// grown since), so what inotify has reported meanwhile is taken in and the files that grew
    /// are loaded, again while those loads read, before the merge picks a line. Lines written in
    /// ts order to several files are then applied in ts order however the reads fall, and two
    /// instances on one spool apply the same order (docs/scaling.md). Without inotify (the
    /// once-a-second scan) there is no such guarantee.
    private func settle(_ settled: inout UInt64, _ parser: inout EventParser, _ budget: inout Int, _ progress: inout Progress) {
        guard let collectChanges else { return }
        while settled != freshReads, !progress.backlog {
            settled = freshReads
            collectChanges()
            loadDirty(&parser, &budget, &progress)
        }
    }

    /// Every file with a possible line shows its next line (in the heap) before the merge may
    /// pick one; once the byte budget is spent, the rest stay dirty for the next call.
    private func loadDirty(_ parser: inout EventParser, _ budget: inout Int, _ progress: inout Progress) {
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
    }

    /// Reads `file`'s next line into the heap; the result tells what stopped it.
    func load(_ file: TailedFile, _ parser: inout EventParser, _ budget: inout Int) -> TailedFile.Load {
        if file.head != nil { return .line }
        guard prepare(file) else { return .waiting }
        let wasSkipping = file.skipping != nil
        let reads = file.reads
        let result = file.loadHead(&parser, budget: &budget, now: clock.monotonicNanoseconds())
        if file.reads != reads { freshReads &+= 1 }
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

    func collect(_ file: TailedFile) {
        consumedBytes += file.consumedSinceCollected
        file.consumedSinceCollected = 0
    }

    func markDirty(_ file: TailedFile) {
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
