import Testing
@testable import PantauCore

/// A wall-clock step that is undone decides nothing (issue #8, item 13); one that lasts is taken
/// after the grace; slews are followed.
@Suite struct LiveClockTests {
    static let t0 = RFC3339.parse("2026-03-02T08:00:00Z")!
    static let hour: Int64 = 3_600_000_000_000
    static let second: Int64 = 1_000_000_000

    /// The engine fed by `clock` through a wall clock that is `step(t)` ahead at elapsed second t:
    /// a ticket with a 5 min first response, answered after 4 min.
    static func outcome(step: (Int64) -> Int64, useLiveClock: Bool) -> (met: Int, breached: Int) {
        var h = EngineHarness(firstResponse: .minutes(5))
        var clock = LiveClock(grace: .minutes(15))
        let start = Int64(1_000) * second  // elapsed since boot when the test begins
        h.create(at: 0)
        for t in Int64(0)...240 {
            let wall = Instant(nanoseconds: EngineHarness.t0.nanoseconds + t * second + step(t))
            let now = useLiveClock ? clock.now(wall: wall, elapsed: start + t * second) : wall
            h.engine.advance(to: now, notifications: &h.notifications)
        }
        h.send(.agentReply, at: 240)
        let chat = h.engine.snapshot().channels[0].sla[Int(SLAKind.firstResponse.rawValue)]
        return (chat[.met], chat[.breached])
    }

    @Test func anHourStepUndoneAfterAMinuteBreachesNothing() {
        let step: (Int64) -> Int64 = { t in (60...120).contains(t) ? Self.hour : 0 }
        #expect(Self.outcome(step: step, useLiveClock: true) == (1, 0))
        // What following the wall clock directly did: the engine an hour ahead, the cycle breached.
        #expect(Self.outcome(step: step, useLiveClock: false) == (0, 1))
    }

    @Test func aStepIsReportedWhilePendingAndNeverMovesTheClockBeforeTheGrace() {
        var clock = LiveClock(grace: .minutes(15))
        let wall0 = Self.t0.nanoseconds
        #expect(clock.now(wall: Self.t0, elapsed: 0) == Self.t0)
        // +1 h at elapsed 10 s: still real elapsed time, the step visible.
        let during = clock.now(wall: Instant(nanoseconds: wall0 + 10 * Self.second + Self.hour), elapsed: 10 * Self.second)
        #expect(during.nanoseconds == wall0 + 10 * Self.second)
        #expect(clock.currentStep == Self.hour)
        #expect(clock.steps == 1)
        // Undone: no step, counted once.
        let after = clock.now(wall: Instant(nanoseconds: wall0 + 20 * Self.second), elapsed: 20 * Self.second)
        #expect(after.nanoseconds == wall0 + 20 * Self.second)
        #expect(clock.currentStep == 0 && clock.steps == 1)
    }

    @Test func aStepThatLastsTheGraceIsTaken() {
        var clock = LiveClock(grace: .minutes(15))
        let wall0 = Self.t0.nanoseconds
        _ = clock.now(wall: Self.t0, elapsed: 0)
        let minute = 60 * Self.second
        // Backwards by an hour, for good.
        var last = Instant(nanoseconds: 0)
        for m in Int64(1)...16 {
            last = clock.now(wall: Instant(nanoseconds: wall0 + m * minute - Self.hour), elapsed: m * minute)
            if m < 15 { #expect(last.nanoseconds == wall0 + m * minute) }
        }
        #expect(last.nanoseconds == wall0 + 16 * minute - Self.hour)
        #expect(clock.currentStep == 0 && clock.steps == 1)
    }

    @Test func slewsWithinTheToleranceAreFollowed() {
        var clock = LiveClock(grace: .minutes(15))
        let wall0 = Self.t0.nanoseconds
        for s in Int64(0)...100 {
            // 0.5 ms per second faster than elapsed time: NTP's largest slew.
            let wall = Instant(nanoseconds: wall0 + s * Self.second + s * 500_000)
            #expect(clock.now(wall: wall, elapsed: s * Self.second) == wall)
        }
        #expect(clock.steps == 0)
    }

    @Test func theStateCarriesAPendingStepAcrossARestart() {
        var clock = LiveClock(grace: .minutes(15))
        _ = clock.now(wall: Self.t0, elapsed: 0)
        _ = clock.now(wall: Instant(nanoseconds: Self.t0.nanoseconds + Self.hour + Self.second), elapsed: Self.second)
        var restarted = LiveClock(grace: .minutes(15), state: clock.state)
        let now = restarted.now(wall: Instant(nanoseconds: Self.t0.nanoseconds + Self.hour + 2 * Self.second), elapsed: 2 * Self.second)
        #expect(now.nanoseconds == Self.t0.nanoseconds + 2 * Self.second)
        #expect(restarted.currentStep == Self.hour)
    }
}
