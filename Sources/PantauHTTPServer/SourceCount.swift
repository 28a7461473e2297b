import Glibc

/// Counts a connection's live Dispatch sources; the cancel handler of the last one closes the
/// descriptor. Cancel handlers run on the connection's shard queue, so no lock is needed.
final class SourceCount: @unchecked Sendable {
    private var count: Int

    init(_ count: Int) { self.count = count }

    func retain() { count += 1 }

    func release(_ fd: Int32) {
        count -= 1
        if count == 0 { Glibc.close(fd) }
    }
}
