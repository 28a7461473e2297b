import Dispatch
import Glibc

/// Watches the spool directory with inotify; a Dispatch read source on the inotify descriptor
/// calls `onChange(rescan)` on `queue`. `rescan` is true when names may have changed (create,
/// rename, delete, attribute change) or the kernel queue overflowed; modifications alone are false.
final class Inotify {
    private let fd: Int32
    private let source: any DispatchSourceRead

    init?(directory: String, queue: DispatchQueue, onChange: @escaping @Sendable (Bool) -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF)
        guard inotify_add_watch(fd, directory, mask) >= 0 else { close(fd); return nil }
        self.fd = fd
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        self.source = source
        source.setEventHandler { @Sendable in
            var rescan = false
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                var offset = 0
                buffer.withUnsafeBytes { raw in
                    while offset + MemoryLayout<inotify_event>.size <= n {
                        let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                        if event.mask & UInt32(IN_MODIFY | IN_CLOSE_WRITE) == 0 { rescan = true }
                        offset += MemoryLayout<inotify_event>.size + Int(event.len)
                    }
                }
            }
            onChange(rescan)
        }
        // The descriptor is closed only once the source is cancelled.
        source.setCancelHandler { @Sendable in close(fd) }
        source.resume()
    }

    func cancel() { source.cancel() }
}
