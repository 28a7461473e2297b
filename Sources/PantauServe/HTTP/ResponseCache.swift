import PantauHTTPServer
import Synchronization

/// Rendered `/metrics` (one per exposition format) and `/api/v1/snapshot` bodies, reused while the
/// figures are unchanged (and `/metrics` for at most a second, for the process figures). The
/// cache is held only to look up or store, so a shard serving a cached body never waits for
/// another's rendering; the render buffer is reused and held while rendering (the cache is then
/// checked again, so shards that found it stale at once render once).
final class ResponseCache: Sendable {
    private struct Cached {
        var version: UInt64
        var rendered: Double
        var body: ByteChunk
    }
    private struct Bodies {
        var metrics: [Bool: Cached] = [:]
        var snapshot: Cached?
    }
    private let bodies = Mutex(Bodies())
    private let scratch = Mutex<[UInt8]>([])

    func removeAll() { bodies.withLock { $0 = Bodies() } }

    func metrics(openMetrics: Bool, version: UInt64, now: Double, render: (inout [UInt8]) -> Void) -> ByteChunk {
        cachedOrRendered(cached: { b in
            guard let c = b.metrics[openMetrics], c.version >= version, now - c.rendered < 1 else { return nil }
            return c.body
        }, render: render, store: { b, body in
            b.metrics[openMetrics] = Cached(version: version, rendered: now, body: body)
        })
    }

    func snapshot(version: UInt64, render: (inout [UInt8]) -> Void) -> ByteChunk {
        cachedOrRendered(cached: { b in
            b.snapshot.flatMap { $0.version >= version ? $0.body : nil }
        }, render: render, store: { b, body in
            b.snapshot = Cached(version: version, rendered: 0, body: body)
        })
    }

    private func cachedOrRendered(cached: (inout Bodies) -> ByteChunk?, render: (inout [UInt8]) -> Void,
                                  store: (inout Bodies, ByteChunk) -> Void) -> ByteChunk {
        if let body = bodies.withLock({ cached(&$0) }) { return body }
        return scratch.withLock { buffer in
            if let body = bodies.withLock({ cached(&$0) }) { return body }
            buffer.removeAll(keepingCapacity: true)
            render(&buffer)
            let body = ByteChunk(buffer)
            bodies.withLock { store(&$0, body) }
            return body
        }
    }
}
