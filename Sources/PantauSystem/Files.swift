import Glibc

/// Whole small files and directory trees: the one bounded whole-file read and the one `mkdir -p`.
package enum Files {
    /// Why a whole-file read failed.
    package enum ReadError: Error, CustomStringConvertible, Equatable {
        case system(SystemCall.Failure)
        /// A FIFO, a directory, a device…: named by `kind`.
        case notRegular(kind: String)
        case tooLarge(limit: Int)

        /// The file does not exist.
        package var isMissing: Bool {
            if case .system(let failure) = self { return failure.code == ENOENT }
            return false
        }

        package var description: String {
            switch self {
            case .system(let failure): String(cString: strerror(failure.code))
            case .notRegular(let kind): kind == "directory" ? "it is a directory" : kind == "FIFO" ? "it is a FIFO, not a regular file" : "not a regular file"
            case .tooLarge(let limit): limit >= 1 << 20 ? "larger than \(limit >> 20) MiB" : "larger than \(limit >> 10) KiB"
            }
        }
    }

    /// The whole file at `path`, at most `limit` bytes. Opened non-blocking, and refused unless a
    /// regular file when `regularOnly` (a FIFO or device must not hang start-up or a reload);
    /// `/proc` files (size 0 in `stat`) read to their end.
    package static func read(_ path: String, limit: Int, regularOnly: Bool = true) throws(ReadError) -> [UInt8] {
        let fd: Int32
        do {
            fd = try SystemCall.retrying("open \(path)") { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        } catch { throw .system(error) }
        defer { SystemCall.close(fd) }
        var info = stat()
        do { try SystemCall.retrying("fstat \(path)") { fstat(fd, &info) } } catch { throw .system(error) }
        if regularOnly {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw .notRegular(kind: "directory")
            case S_IFIFO: throw .notRegular(kind: "FIFO")
            default: throw .notRegular(kind: "special file")
            }
        }
        var bytes = [UInt8](repeating: 0, count: min(limit, max(Int(info.st_size), 0)) + 4096)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { throw .tooLarge(limit: limit) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
            }
            let room = bytes.count - filled
            let n = bytes.withUnsafeMutableBytes { raw in
                Result { () throws(SystemCall.Failure) in
                    try SystemCall.retrying("read \(path)") { Glibc.read(fd, raw.baseAddress! + filled, room) }
                }
            }
            guard case .success(let n) = n else {
                if case .failure(let failure) = n { throw .system(failure) }
                return []
            }
            if n == 0 { break }
            filled += n
            if filled > limit { throw .tooLarge(limit: limit) }
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// `mkdir -p`: creates `path` and its missing parents with `mode`; an existing directory is fine.
    package static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(SystemCall.Failure) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, mode) != 0 {
                let e = errno
                guard e == EEXIST else { throw SystemCall.Failure(call: "mkdir \(partial)", code: e) }
            }
        }
    }
}
