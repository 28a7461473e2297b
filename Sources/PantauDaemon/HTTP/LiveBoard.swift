import Synchronization

/// The hand-over point between the engine queue (writes a new `LiveFigures` at most every
/// 100 ms) and the HTTP queue (reads it per request), so a scrape never waits for the engine.
final class LiveBoard: Sendable {
    private let current: Mutex<LiveFigures>

    init(_ initial: LiveFigures) { current = Mutex(initial) }

    func publish(_ figures: LiveFigures) { current.withLock { $0 = figures } }

    func read() -> LiveFigures { current.withLock { $0 } }
}
