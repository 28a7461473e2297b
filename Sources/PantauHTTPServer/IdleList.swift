import PantauSystem

/// A shard's idle keep-alive connections in the order they fell idle, longest idle first: the
/// ones that may be closed to admit a new connection while `maxConnections` are open.
///
/// Intrusive (the links live in the connections), so joining and leaving cost O(1) on every
/// request, and finding the longest-idle connection costs nothing however many are open. A
/// connection leaves the list when it closes, which breaks its links.
struct IdleList {
    /// The connection idle longest.
    private(set) var first: HTTPConnection?
    private var last: HTTPConnection?

    /// Puts `connection` at the end (idle since now); nothing if it is listed already.
    mutating func append(_ connection: HTTPConnection) {
        guard !connection.isListedIdle else { return }
        connection.isListedIdle = true
        connection.idlePrevious = last
        connection.idleNext = nil
        if let last { last.idleNext = connection } else { first = connection }
        last = connection
    }

    /// Takes `connection` out; nothing if it is not listed.
    mutating func remove(_ connection: HTTPConnection) {
        guard connection.isListedIdle else { return }
        connection.isListedIdle = false
        if let previous = connection.idlePrevious { previous.idleNext = connection.idleNext } else { first = connection.idleNext }
        if let next = connection.idleNext { next.idlePrevious = connection.idlePrevious } else { last = connection.idlePrevious }
        connection.idlePrevious = nil
        connection.idleNext = nil
    }
}
