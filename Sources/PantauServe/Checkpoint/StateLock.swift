import Glibc
import PantauSystem

/// An exclusive lock on the `State=` directory (`flock` on `State=/lock`), held while the engine
/// runs: a second `pantau serve` on the same state would overwrite the first's checkpoints with
/// its own, so it refuses to start instead, naming the directory. The kernel drops the lock when
/// the process ends, however it ends (no stale lock after `kill -9`).
final class StateLock {
    static let fileName = "lock"
    private var fd: Int32

    /// Takes the lock (creating the directory and the lock file); throws if another process holds it.
    init(directory: String) throws(ServeError) {
        do { try Files.makeDirectories(directory, mode: 0o750) } catch {
            throw ServeError("cannot create state directory \(directory): \(String(cString: strerror(error.code)))")
        }
        let path = directory + "/" + Self.fileName
        do {
            fd = try SystemCall.retrying("open \(path)") { open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640) }
        } catch {
            throw ServeError("cannot open \(path): \(String(cString: strerror(error.code)))")
        }
        do {
            try SystemCall.retrying("flock \(path)") { flock(fd, LOCK_EX | LOCK_NB) }
        } catch {
            SystemCall.close(fd)
            if error.code == EWOULDBLOCK {
                throw ServeError("State=\(directory) is in use by another pantau serve (it holds \(path)); "
                                 + "each instance needs a State= of its own")
            }
            throw ServeError("cannot lock \(path): \(String(cString: strerror(error.code)))")
        }
    }

    /// Releases the lock.
    func release() {
        guard fd >= 0 else { return }
        SystemCall.close(fd)
        fd = -1
    }

    deinit { release() }
}
