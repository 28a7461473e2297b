import CEpoll
import Glibc
import PantauSystem

/// Opens spool files without ever blocking or reading what must not be read: non-blocking (a FIFO
/// put in the spool opens at once), regular files only, and none on a kernel pseudo file system
/// (a symlink to `/proc/kmsg` would consume kernel messages, one to a `/proc` file of size 0 would
/// be read again at every look).
enum SpoolFileOpener {
    /// Why a file is not followed.
    enum Failure: Error, Equatable {
        /// `open` or `fstat` failed with this errno (retried at the next scan).
        case system(Int32)
        /// Not a regular file (a directory, FIFO, socket or device, possibly behind a symlink).
        case notRegular
        /// On a pseudo file system (its name), whose files are not data.
        case pseudoFile(String)

        /// For the log.
        var reason: String {
            switch self {
            case .system(let e): String(cString: strerror(e))
            case .notRegular: "not a regular file"
            case .pseudoFile(let fs): "a \(fs) pseudo file, not data"
            }
        }

        /// Whether trying again later may succeed.
        var isTransient: Bool { if case .system = self { true } else { false } }
    }

    /// File systems whose "regular files" are kernel interfaces (`statfs(2)` magic numbers).
    static let pseudoFileSystems: [Int: String] = [
        0x9fa0: "proc", 0x6265_6572: "sysfs", 0x6462_6720: "debugfs", 0x7472_6163: "tracefs",
        0x7363_6673: "securityfs", 0x0027_e0eb: "cgroup", 0x6367_7270: "cgroup2", 0x6265_6570: "configfs",
        0xcafe_4a11: "bpf", 0x6165_676c: "pstore", 0xde5e_81e4: "efivarfs", 0xf97c_ff8c: "selinuxfs",
        0x6573_5543: "fusectl", 0x4249_4e4d: "binfmt_misc", 0x1cd1: "devpts",
    ]

    /// Opens `path` for reading (following symlinks) and returns the descriptor and its `stat`.
    static func open(_ path: BytePath) -> Result<(fd: Int32, stat: stat), Failure> {
        let fd = path.withCString { Glibc.open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard fd >= 0 else { return .failure(.system(errno)) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            return .failure(.system(e))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(.notRegular)
        }
        var fs = statfs()
        if fstatfs(fd, &fs) == 0, let name = pseudoFileSystems[Int(fs.f_type)] {
            close(fd)
            return .failure(.pseudoFile(name))
        }
        return .success((fd, st))
    }
}
