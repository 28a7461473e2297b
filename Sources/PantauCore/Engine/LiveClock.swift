/// "Now" for the engine in live mode (SPEC §3.3), robust to steps of the wall clock.
///
/// The engine's clock never goes back, so a wall clock set an hour ahead and then put right
/// would leave the engine an hour ahead: every new ticket would breach at once for that hour,
/// across restarts. So the wall clock is followed only through elapsed time: `now` is the wall
/// time at the last accepted sample plus the time elapsed since (a clock that counts suspend and
/// never steps, `CLOCK_BOOTTIME`). A difference between the two larger than `tolerance` is a
/// *step*: it is reported (`currentStep`, `steps`) and followed only once it has lasted `grace`
/// of elapsed time; a step undone sooner decides no SLA differently from real elapsed time.
/// Slews (NTP's gradual corrections) stay under the tolerance and are followed as they come.
///
/// Pure: time is passed in. The state survives a restart within one boot (`State`), since
/// elapsed time does.
public struct LiveClock: Sendable, Equatable {
    /// What a checkpoint keeps.
    public struct State: Sendable, Equatable {
        /// Accepted `wall − elapsed`, nanoseconds.
        public var offset: Int64
        /// Elapsed time when the step now pending was first seen; nil when none is.
        public var stepSince: Int64?
        /// Steps seen since the state began.
        public var steps: UInt64

        public init(offset: Int64, stepSince: Int64?, steps: UInt64) {
            self.offset = offset
            self.stepSince = stepSince
            self.steps = steps
        }
    }

    /// Largest difference taken as drift rather than a step.
    public var tolerance: Int64
    /// How long a step must last (elapsed time) before it is followed.
    public var grace: Int64
    public private(set) var state: State?
    /// The step now pending (wall clock minus the clock followed), 0 when none.
    public private(set) var currentStep: Int64 = 0

    public init(grace: TimeSpan, tolerance: TimeSpan = .seconds(1), state: State? = nil) {
        self.grace = grace.nanoseconds
        self.tolerance = tolerance.nanoseconds
        self.state = state
    }

    /// Steps seen (`pantau_clock_steps_total`).
    public var steps: UInt64 { state?.steps ?? 0 }

    /// The time to drive the engine with, given the wall clock and the elapsed-time clock now.
    public mutating func now(wall: Instant, elapsed: Int64) -> Instant {
        let observed = wall.nanoseconds &- elapsed
        guard var s = state else {
            state = State(offset: observed, stepSince: nil, steps: 0)
            return wall
        }
        defer { state = s }
        let difference = observed &- s.offset
        if difference.magnitude <= tolerance.magnitude {
            s.offset = observed
            s.stepSince = nil
            currentStep = 0
            return wall
        }
        if s.stepSince == nil {
            s.stepSince = elapsed
            s.steps += 1
        }
        if elapsed &- s.stepSince! >= grace {
            s.offset = observed
            s.stepSince = nil
            currentStep = 0
            return wall
        }
        currentStep = difference
        return Instant(nanoseconds: s.offset &+ elapsed)
    }
}
