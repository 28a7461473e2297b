import Synchronization
import PantauSystem

/// The watches `Inotify` keeps on symlink targets: watch descriptor → the spool names linking to
/// the watched file. Shared by the read source's handler and the tailer's calls.
final class InotifyTargets: Sendable {
    private let map = Mutex<[Int32: Set<[UInt8]>]>([:])

    func add(_ wd: Int32, name: [UInt8]) {
        map.withLock { _ = $0[wd, default: []].insert(name) }
    }

    /// Removes `name` from `wd`; true when no name is left (the watch can go).
    func remove(_ wd: Int32, name: [UInt8]) -> Bool {
        map.withLock { m in
            m[wd]?.remove(name)
            guard m[wd]?.isEmpty ?? false else { return false }
            m[wd] = nil
            return true
        }
    }

    /// The names of `wd`; with `ended` (the kernel dropped the watch: the file is gone) the
    /// watch is forgotten too.
    func names(of wd: Int32, ended: Bool) -> Set<[UInt8]> {
        map.withLock { m in
            let names = m[wd] ?? []
            if ended { m[wd] = nil }
            return names
        }
    }
}
