import Glibc
import PantauSystem

/// How many descriptors HTTP connections may take: the process's descriptor limit less a reserve
/// for the daemon's own work (spool files, the checkpoint and its temporary file, the journal,
/// inotify, each shard's epoll and eventfd, the listening sockets) and for `503` refusals being
/// closed. Without it, connections up to `MaxConnections=` could take every descriptor; then
/// accept, spool opens and checkpoint writes fail with EMFILE, and `/metrics` stops answering.
struct DescriptorBudget {
    /// `RLIMIT_NOFILE` (the soft limit, which `serve` raises to the hard one first).
    let descriptorLimit: Int

    /// Kept for the daemon: a sixteenth of the limit, at least 256 (half the limit when it is
    /// below 512, so a tiny limit still leaves some connections).
    var reserved: Int { max(descriptorLimit / 16, min(256, descriptorLimit / 2)) }

    /// Refusals that may linger (`HTTPServerLimits.maxRefusing`) out of the reserve: at most a
    /// quarter of it.
    func refusals(configured: Int) -> Int { max(1, min(configured, reserved / 4)) }

    /// `MaxConnections=` clamped to what the limit leaves: at least 1. Past the limit each
    /// newcomer holds a descriptor while its shard looks for an idle connection to close for it
    /// (at most `refusals` at once), and then while it is refused (as many again).
    func connections(configured: Int, refusals: Int) -> Int {
        max(1, min(configured, descriptorLimit - reserved - 2 * refusals))
    }

    /// The process's budget now; nil when the limit cannot be read or is unlimited.
    static func current() -> DescriptorBudget? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
              limit.rlim_cur < UInt(Int.max) else { return nil }
        return DescriptorBudget(descriptorLimit: Int(limit.rlim_cur))
    }
}
