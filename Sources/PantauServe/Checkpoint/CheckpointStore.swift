import Foundation
import Glibc
import PantauCore
import PantauSystem

/// Keeps the checkpoint file `checkpoint.bin` in the `State=` directory (SPEC §4).
///
/// A write never leaves a half-written checkpoint under the real name: it goes to a temporary
/// file in the same directory, is fsynced, renamed over the old one, and the directory is fsynced
/// so the rename itself survives a power cut. A crash at any point leaves either the old or the
/// new checkpoint (and perhaps a stale temporary file, which `load` removes). Writes are
/// serialised by a lock; they may come from any thread.
public final class CheckpointStore: Sendable {
    /// The checkpoint's file name inside the directory.
    public static let fileName = "checkpoint.bin"
    static let temporaryName = "checkpoint.bin.tmp"
    static let brokenPrefix = "checkpoint.bin.broken-"

    /// What `load` found.
    public enum LoadResult: Sendable, Equatable {
        /// No checkpoint: a first start (or the state directory is new).
        case none
        case loaded(Checkpoint)
        /// The checkpoint could not be used (unreadable, garbled, another format version); it was
        /// renamed to `movedTo` (or left where it was, if even that failed: `reason` says so).
        case discarded(reason: String, movedTo: String)
    }

    /// The checkpoint's name holds something other than a regular file (a FIFO, a directory…).
    struct NotRegularFile: Error, CustomStringConvertible {
        var description: String { "not a regular file" }
    }

    /// The `State=` directory.
    public let directory: String
    private let lock = NSLock()

    /// A store in `directory` (created by the first write, or by `prepareDirectory()`).
    public init(directory: String) {
        self.directory = directory
    }

    /// The checkpoint's path.
    public var path: String { directory + "/" + CheckpointStore.fileName }

    /// Creates the directory (and missing parents) with mode 0750 unless it exists.
    public func prepareDirectory() throws {
        try Files.makeDirectories(directory, mode: 0o750)
    }

    // MARK: Write

    /// Replaces the checkpoint atomically and durably (temporary file, fsync, rename, fsync of
    /// the directory). On failure the previous checkpoint is untouched.
    public func write(_ checkpoint: Checkpoint) throws {
        lock.lock()
        defer { lock.unlock() }
        try prepareDirectory()
        let dir = try openDirectory()
        defer { _ = close(dir) }
        let (head, trailer) = checkpoint.encodedParts()
        // Whatever holds the temporary name (a stale file, or a FIFO someone put there, which an
        // open for writing would block on) goes first; the new one is created exclusively.
        _ = unlinkat(dir, CheckpointStore.temporaryName, 0)
        let fd = try SystemCall.retrying("open \(directory)/\(CheckpointStore.temporaryName)") {
            openat(dir, CheckpointStore.temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o640)
        }
        do {
            defer { _ = close(fd) }
            try writeAll(fd, head)
            try writeAll(fd, checkpoint.engineState)
            try writeAll(fd, trailer)
            try SystemCall.retrying("fsync \(directory)/\(CheckpointStore.temporaryName)") { fsync(fd) }
        } catch {
            _ = unlinkat(dir, CheckpointStore.temporaryName, 0)
            throw error
        }
        do {
            try SystemCall.retrying("rename \(directory)/\(CheckpointStore.temporaryName)") {
                renameat(dir, CheckpointStore.temporaryName, dir, CheckpointStore.fileName)
            }
        } catch {
            _ = unlinkat(dir, CheckpointStore.temporaryName, 0)
            throw error
        }
        try SystemCall.retrying("fsync \(directory)") { fsync(dir) }
    }

    private func openDirectory() throws -> Int32 {
        try SystemCall.retrying("open \(directory)") { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try Descriptor.writeAll(fd, bytes, what: "write \(directory)/\(CheckpointStore.temporaryName)")
    }

    // MARK: Load

    /// Reads the checkpoint. One that cannot be read or decoded is renamed aside to
    /// `checkpoint.bin.broken-<unix time>` and reported as `.discarded`, so the next start does
    /// not trip over it again. A temporary file left by a crashed write is removed.
    public func load() -> LoadResult {
        lock.lock()
        defer { lock.unlock() }
        _ = unlink(directory + "/" + CheckpointStore.temporaryName)
        let bytes: [UInt8]
        do {
            guard let read = try readFile() else { return .none }
            bytes = read
        } catch {
            return discard(reason: "cannot read \(path): \(error)")
        }
        do {
            return .loaded(try Checkpoint(decoding: bytes))
        } catch {
            return discard(reason: "\(path): \(error)")
        }
    }

    /// Renames the checkpoint aside (as `load` does with a broken one), for a checkpoint that
    /// decodes but cannot be used (it does not fit the configuration). Returns the new path, nil
    /// when there was nothing to move or the rename failed.
    @discardableResult
    public func moveAside() -> String? {
        lock.lock()
        defer { lock.unlock() }
        return try? moveAsideLocked()
    }

    private func discard(reason: String) -> LoadResult {
        do {
            guard let moved = try moveAsideLocked() else { return .none }
            return .discarded(reason: reason, movedTo: moved)
        } catch {
            return .discarded(reason: "\(reason); could not move it aside: \(error)", movedTo: path)
        }
    }

    /// nil when there is no checkpoint to move.
    private func moveAsideLocked() throws -> String? {
        let base = CheckpointStore.brokenPrefix + String(time(nil))
        var name = base
        var n = 0
        var st = stat()
        while lstat(directory + "/" + name, &st) == 0 {
            n += 1
            name = base + "-\(n)"
        }
        let target = directory + "/" + name
        guard rename(path, target) == 0 else {
            let e = errno
            if e == ENOENT { return nil }
            throw SystemCall.Failure(call: "rename \(path) to \(target)", code: e)
        }
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            _ = close(dir)
        }
        return target
    }

    /// The whole file, nil when it does not exist. Opened non-blocking: a FIFO in place of the
    /// checkpoint must not hang the start; it is refused.
    private func readFile() throws -> [UInt8]? {
        do {
            return try Files.read(path, limit: Int.max / 2)
        } catch let error where error.isMissing {
            return nil
        } catch .notRegular {
            throw CheckpointStore.NotRegularFile()
        }
    }
}
