import Glibc
import PantauCore
import PantauSystem

extension SpoolTailer {
    // MARK: Descriptors

    func holdDescriptor(_ file: TailedFile) {
        uses &+= 1
        file.lastUse = uses
        open[ObjectIdentifier(file)] = file
    }

    func dropDescriptor(_ file: TailedFile) {
        file.closeDescriptor()
        open[ObjectIdentifier(file)] = nil
    }

    /// Closes the least recently used descriptor of an attached file when `maxOpenFiles` are held
    /// (its file is reopened by name when it is read next). Draining files keep theirs: their
    /// name is gone.
    func makeRoomForDescriptor() {
        guard open.count >= maxOpenFiles else { return }
        guard let victim = open.values.filter({ !$0.detached }).min(by: { $0.lastUse < $1.lastUse }) else { return }
        dropDescriptor(victim)
    }

    /// Reopens `file` by its name if it holds no descriptor, then checks it is the same content:
    /// a file truncated or rewritten is read from its start, or with `startOverIfChanged` false
    /// refused. False when it cannot (or must not) be read now.
    func prepare(_ file: TailedFile, startOverIfChanged: Bool = true) -> Bool {
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
}
