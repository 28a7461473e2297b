import PantauCore
import Synchronization
import PantauSystem

/// The hand-over point between the engine queue (writes a new `LiveFigures` at most every
/// 100 ms) and the HTTP queue (reads it per request), so a scrape never waits for the engine.
final class LiveBoard: Sendable {
    private let current: Mutex<LiveFigures>

    init(_ initial: LiveFigures) { current = Mutex(initial) }

    /// A board with no figures yet (`/readyz` says catching up) until the engine publishes.
    convenience init(initial snapshot: Snapshot) {
        self.init(LiveFigures(version: 0, snapshot: snapshot, caughtUp: false, spoolFiles: 0,
                              spoolReadBytes: 0, spoolLagSeconds: 0))
    }

    func publish(_ figures: LiveFigures) { current.withLock { $0 = figures } }

    func read() -> LiveFigures { current.withLock { $0 } }
}
