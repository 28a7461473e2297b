import PantauSystem

/// What drives the engine clock in `pantau serve` (SPEC §3.3).
package enum ClockMode: String, Sendable {
    /// Events while catching up, then also the wall clock (ticks ≤ 100 ms); future lines rejected.
    case wall
    /// Events alone: for replaying history live and for deterministic tests.
    case events
}
