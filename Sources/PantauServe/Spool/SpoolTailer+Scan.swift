import Glibc
import PantauCore
import PantauSystem

extension SpoolTailer {
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
    func reconcile(_ name: [UInt8]) -> FileIdentity? {
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

    func forgetSymlink(_ name: [UInt8]) {
        symlinked.remove(name)
        if let wd = targetWatches.removeValue(forKey: name) { unwatchTarget?(wd, name) }
    }

    func setAttached(_ name: [UInt8], _ file: TailedFile) {
        if file.serial == 0 {
            serials &+= 1
            file.serial = serials
        }
        attached[name] = file
        nameOfIdentity[file.identity] = name
    }

    func removeAttached(_ name: [UInt8]) {
        guard let file = attached.removeValue(forKey: name) else { return }
        if nameOfIdentity[file.identity] == name { nameOfIdentity[file.identity] = nil }
    }

    func noteStat(_ file: TailedFile, _ st: stat) {
        switch file.note(st) {
        case .none: break
        case .grew, .touched, .truncated: markDirty(file)
        }
    }

    func attach(name: [UInt8], path: BytePath, identity: FileIdentity) {
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

    func anchor(of p: CheckpointedFile) -> FileAnchor? {
        p.anchorLength > 0 ? FileAnchor(offset: p.offset, length: p.anchorLength, checksum: p.anchorChecksum) : nil
    }

    /// A checkpointed file renamed to a name that does not match while the daemon was down (e.g.
    /// rotated to NAME.1): drained from its checkpointed position, then forgotten.
    func adoptRotatedWhileStopped(_ path: BytePath, identity: FileIdentity) {
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
    func openChecked(_ path: BytePath, name: [UInt8], identity: FileIdentity) -> Result<(fd: Int32, stat: stat), SpoolFileOpener.Failure> {
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
    func detach(_ file: TailedFile, name: [UInt8]) {
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

    func forget(_ file: TailedFile) {
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
}
