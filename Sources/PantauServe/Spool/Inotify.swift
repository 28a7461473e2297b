import Dispatch
import Glibc
import PantauSystem

/// Watches the spool directory with inotify; a Dispatch read source on the inotify descriptor
/// calls `onChange(names, overflow)` on `queue` with the names of the entries that were created,
/// written, renamed, deleted or changed attributes (as bytes: names need not be UTF-8).
/// `overflow` is true when the kernel queue overflowed or the directory itself went away: then
/// names may be missing and the whole directory must be read again.
///
/// A symlink's target lies outside the directory, so writes to it show up in no directory
/// event: `watchTarget` watches the target file itself and reports its changes under the
/// symlink's name, so lines written through a symlink are merged as soon as those written to
/// the spool's own files.
final class Inotify: @unchecked Sendable {  // the source is touched only in init and cancel
    private let fd: Int32
    private let directoryWatch: Int32
    private let source: any DispatchSourceRead
    private let targets = InotifyTargets()

    init?(directory: BytePath, queue: DispatchQueue, onChange: @escaping @Sendable (Set<[UInt8]>, Bool) -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF)
        let directoryWatch = directory.withCString({ inotify_add_watch(fd, $0, mask) })
        guard directoryWatch >= 0 else { close(fd); return nil }
        self.fd = fd
        self.directoryWatch = directoryWatch
        let targets = self.targets
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        self.source = source
        source.setEventHandler { @Sendable in
            let (names, overflow) = Inotify.drain(fd, directoryWatch: directoryWatch, targets: targets)
            if overflow || !names.isEmpty { onChange(names, overflow) }
        }
        // The descriptor is closed only once the source is cancelled.
        source.setCancelHandler { @Sendable in close(fd) }
        source.resume()
    }

    /// Watches the file the symlink `path` points to, reporting its changes as `name`'s; returns
    /// the watch, nil when it cannot be watched (then only the once-a-second look sees it grow).
    func watchTarget(of path: BytePath, name: [UInt8]) -> Int32? {
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
        let wd = path.withCString { inotify_add_watch(fd, $0, mask) }  // follows the symlink
        guard wd >= 0, wd != directoryWatch else { return nil }
        targets.add(wd, name: name)
        return wd
    }

    /// Stops reporting `name` for the target watch `wd` (the symlink went or points elsewhere).
    func unwatchTarget(_ wd: Int32, name: [UInt8]) {
        if targets.remove(wd, name: name) { _ = inotify_rm_watch(fd, wd) }
    }

    /// Reads every queued event (non-blocking).
    static func drain(_ fd: Int32, directoryWatch: Int32, targets: InotifyTargets)
        -> (names: Set<[UInt8]>, overflow: Bool) {
        var names: Set<[UInt8]> = []
        var overflow = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let header = MemoryLayout<inotify_event>.size
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset + header <= n {
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let length = Int(event.len)
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        overflow = true
                    } else if event.wd != directoryWatch {
                        // A symlink target's own watch: its names, looked at again.
                        names.formUnion(targets.names(of: event.wd, ended: event.mask & UInt32(IN_IGNORED) != 0))
                    } else if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                        overflow = true
                    }
                    if length > 0, offset + header + length <= n {
                        let name = raw[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }
                        if !name.isEmpty { names.insert(Array(name)) }
                    }
                    offset += header + length
                }
            }
        }
        return (names, overflow)
    }

    /// Reads what is queued now, outside the source's handler (before the wall clock ticks, so a
    /// change already made is seen first).
    func drainNow() -> (names: Set<[UInt8]>, overflow: Bool) { Inotify.drain(fd, directoryWatch: directoryWatch, targets: targets) }

    /// Whether events are queued (one `ioctl`, no buffer): the merge asks after every read from
    /// disk, so it must cost next to nothing when nothing happened.
    var hasQueuedEvents: Bool {
        var bytes: Int32 = 0
        return ioctl(fd, UInt(FIONREAD), &bytes) == 0 && bytes > 0
    }

    func cancel() { source.cancel() }
}
