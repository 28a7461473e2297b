import Foundation
import Testing
@testable import PantauCore

/// SPEC §3.2–§3.4: outcomes, deadlines, warnings, time, calendars, reopen modes.
@Suite struct CycleRulesTests {
    @Test func responseExactlyAtTheDeadlineIsMet() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.agentReply, at: 60)
        #expect(h.outcome(.firstResponse, .met) == 1)
        #expect(h.breaches(.firstResponse).isEmpty)
    }

    @Test func responseOneNanosecondLateIsBreachedAtTheDeadline() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.agentReply, at: 60.000000001)
        #expect(h.outcome(.firstResponse, .breached) == 1)
        #expect(h.outcome(.firstResponse, .met) == 0)
        #expect(h.breaches(.firstResponse) == [60])
        // Fulfilled later: the consumed time still feeds the histogram.
        #expect(h.channel().firstResponseSeconds.count == 1)
    }

    @Test func everyCycleGetsExactlyOneOutcome() {
        var h = EngineHarness()
        h.create(at: 0)
        h.advance(to: 100)
        h.send(.agentReply, at: 100)
        h.send(.resolved, at: 200)
        h.send(.closed, at: 300)
        let fr = h.sla(.firstResponse)
        #expect(fr.outcomes.reduce(0, +) == 1 && fr[.breached] == 1)
        #expect(h.sla(.resolution).outcomes.reduce(0, +) == 1)
    }

    @Test func breachedCycleKeepsConsumingUntilFulfilled() {
        var h = EngineHarness()
        h.create(at: 0)
        h.advance(to: 90)
        #expect(h.sla(.firstResponse).breachedOpen == 1)
        #expect(h.sla(.firstResponse).running == 0)
        h.send(.agentReply, at: 150)
        #expect(h.channel().firstResponseSeconds.sumSeconds == 150)
        #expect(h.sla(.firstResponse).breachedOpen == 0)
    }

    @Test func lateEventsTimersFireRightAfterIt() {
        var h = EngineHarness()
        h.create("a", at: 1000)  // clock at 1000
        h.create("b", at: 0)  // late: its 60 s deadline is behind the clock
        #expect(h.breaches(.firstResponse) == [60])
        #expect(h.outcome(.firstResponse, .breached) == 1)
    }

    @Test func fulfilmentBeforeDeadlineAfterBreachFiredStaysBreached() {
        var h = EngineHarness()
        h.create(at: 0)
        h.create("other", at: 100)  // the clock passes t1's deadline at 60
        h.send(.agentReply, at: 50)  // effective 50 ≤ 60, but the breach is final
        #expect(h.outcome(.firstResponse, .breached) == 1)
        #expect(h.outcome(.firstResponse, .met) == 0)
    }

    @Test func warningAtWarnAtOfTheBudgetOncePerCycle() {
        var h = EngineHarness()  // WarnAt 80 % of 60 s = 48 s
        h.create(at: 0)
        h.advance(to: 48)
        #expect(h.warnings(.firstResponse).isEmpty)  // strictly before the clock
        h.advance(to: 48.5)
        #expect(h.warnings(.firstResponse) == [48])
        #expect(h.sla(.firstResponse).atRisk == 1)
        h.send(.pending, at: 50)
        #expect(h.sla(.firstResponse).atRisk == 1)  // stays at risk while paused
        h.send(.open, at: 100)
        h.advance(to: 200)
        #expect(h.warnings(.firstResponse) == [48])  // not pushed twice
        #expect(h.breaches(.firstResponse) == [110])  // 50 consumed, 10 left after 100
        #expect(h.sla(.firstResponse).atRisk == 0)
    }

    @Test func warnBeforeTakesTheEarlierInstant() {
        var h = EngineHarness(tweak: { $0.settings.warnBefore = .seconds(30) })  // 60 − 30 = 30 < 48
        h.create(at: 0)
        h.advance(to: 31)
        #expect(h.warnings(.firstResponse) == [30])
        var g = EngineHarness(tweak: { $0.settings.warnBefore = .seconds(5); $0.settings.warnAt = 0.5 })  // 30 < 55
        g.create(at: 0)
        g.advance(to: 31)
        #expect(g.warnings(.firstResponse) == [30])
    }

    @Test func consumedTimeExcludesPauses() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.pending, at: 10)
        h.send(.open, at: 1010)
        h.send(.agentReply, at: 1030)
        #expect(h.channel().firstResponseSeconds.sumSeconds == 30)
        #expect(h.outcome(.firstResponse, .met) == 1)
    }

    @Test func reopenContinueWithZeroBudgetLeftHasTheReopenInstantAsDeadline() {
        var h = EngineHarness(resolution: .seconds(100))
        h.create(at: 0)
        h.advance(to: 150)  // resolution breached at 100
        h.send(.resolved, at: 150)  // 150 consumed
        h.send(.reopened, at: 200)  // budget max(0, 100 − 150) = 0 → deadline 200
        h.send(.resolved, at: 200)  // at the deadline: met
        #expect(h.outcome(.resolution, .met) == 1)
        h.send(.reopened, at: 300)
        h.advance(to: 300.5)
        #expect(h.breaches(.resolution) == [100, 300])
    }

    @Test func reopenRestartGivesTheFullTarget() {
        var h = EngineHarness(resolution: .seconds(100), tweak: { $0.settings.onReopen = .restart })
        h.create(at: 0)
        h.send(.resolved, at: 90)
        h.send(.reopened, at: 200)
        h.advance(to: 301)
        #expect(h.breaches(.resolution) == [300])
    }

    @Test func channelWithoutATargetRunsNoCycleOfThatKind() {
        var h = EngineHarness(firstResponse: nil, resolution: nil)
        h.create(at: 0)
        h.advance(to: 10_000)
        #expect(h.sla(.firstResponse).running == 0)
        #expect(h.sla(.resolution).running == 0)
        #expect(h.tickets(.waiting) == 1)
    }

    @Test func futureTimestampIsRejectedLiveWithoutMovingTheClock() {
        var h = EngineHarness()
        let wall = EngineHarness.at(0)
        h.engine.advance(to: wall, notifications: &h.notifications)
        #expect(h.send(.created, at: 301, channel: "chat", wallClock: wall) == .rejected(.futureTimestamp))
        #expect(h.engine.clock == wall)
        #expect(h.send(.created, at: 300, channel: "chat", wallClock: wall) == .applied)
        #expect(h.send(.agentReply, "ghost", at: 900, wallClock: wall) == .rejected(.unknownTicket))
    }

    /// Business hours Mon–Fri 08:00–12:00 13:00–17:00 in Europe/Berlin, holiday Friday 2026-04-03.
    static func office() -> Configuration {
        var week = Array(repeating: [LocalInterval](), count: 7)
        for d in 0..<5 { week[d] = [LocalInterval(startMinute: 480, endMinute: 720), LocalInterval(startMinute: 780, endMinute: 1020)] }
        let calendar = CalendarDefinition(name: "office", timeZone: "Europe/Berlin", week: week,
                                          holidays: [LocalDate(year: 2026, month: 4, day: 3)])
        var daemon = DaemonSettings()
        daemon.timeZone = "Europe/Berlin"
        let mail = ChannelPolicy(name: "email", targets: SLATargets(firstResponse: .hours(4), resolution: .hours(16)), calendar: "office")
        return Configuration(daemon: daemon, calendars: ["office": calendar], channels: [mail])
    }

    static func local(_ text: String) -> Double {
        Double((RFC3339.parse(text)! - EngineHarness.t0).nanoseconds) / 1e9
    }

    @Test func calendarDeadlineAcrossAWeekend() {
        var h = EngineHarness(Self.office())
        // Friday 2026-03-06 15:00 CET: 2 h today, 2 h Monday 08:00–10:00 → 2026-03-09 10:00 CET.
        h.create(at: Self.local("2026-03-06T15:00:00+01:00"), channel: "email")
        h.advance(to: Self.local("2026-03-09T10:00:01+01:00"))
        #expect(h.breaches(.firstResponse) == [Self.local("2026-03-09T10:00:00+01:00")])
    }

    @Test func calendarDeadlineAcrossAHolidayAndDST() {
        var h = EngineHarness(Self.office())
        // Thursday 2026-04-02 16:00 CEST (DST began 03-29): 1 h Thursday, Friday holiday, weekend,
        // Monday 2026-04-06 08:00–11:00 CEST.
        h.create(at: Self.local("2026-04-02T16:00:00+02:00"), channel: "email")
        h.advance(to: Self.local("2026-04-06T12:00:00+02:00"))
        #expect(h.breaches(.firstResponse) == [Self.local("2026-04-06T11:00:00+02:00")])
    }

    @Test func deadlineAtEndOfMorningIsNotMovedPastLunch() {
        var h = EngineHarness(Self.office())
        // Monday 2026-03-02 08:00 CET + 4 h → 12:00 exactly; a reply at 12:30 is late.
        h.create(at: Self.local("2026-03-02T08:00:00+01:00"), channel: "email")
        h.send(.agentReply, at: Self.local("2026-03-02T12:30:00+01:00"))
        #expect(h.breaches(.firstResponse) == [Self.local("2026-03-02T12:00:00+01:00")])
        #expect(h.channel("email").firstResponseSeconds.sumSeconds == 4 * 3600)  // lunch not consumed
    }
}

@Suite struct ReconfigureTests {
    @Test func reloadRemapsCalendarsByNameAndRefusesChannelChanges() {
        var h = EngineHarness(CycleRulesTests.office())
        h.create(at: CycleRulesTests.local("2026-03-06T15:00:00+01:00"), channel: "email")
        // A new calendar sorting before "office" shifts its index; the running cycle must keep counting
        // in "office": the deadline stays Monday 10:00.
        var next = CycleRulesTests.office()
        next.calendars["aaa"] = CalendarDefinition(name: "aaa", timeZone: "UTC", week: Array(repeating: [LocalInterval(startMinute: 0, endMinute: 1440)], count: 7))
        let remapped = h.engine.reconfigure(EngineSettings(configuration: next, defaultTimeZone: TimeZone(identifier: "UTC")!))
        #expect(remapped)
        h.advance(to: CycleRulesTests.local("2026-03-09T10:00:01+01:00"))
        #expect(h.breaches(.firstResponse) == [CycleRulesTests.local("2026-03-09T10:00:00+01:00")])
        // Dropping the calendar a running cycle uses is refused.
        h.create("t2", at: CycleRulesTests.local("2026-03-09T10:00:01+01:00"), channel: "email")
        var dropped = next
        dropped.calendars["office"] = nil
        dropped.channels[0].calendar = nil
        let droppedAccepted = h.engine.reconfigure(EngineSettings(configuration: dropped, defaultTimeZone: TimeZone(identifier: "UTC")!))
        #expect(!droppedAccepted)
        var renamed = next
        renamed.channels[0].name = "mail"
        let renamedAccepted = h.engine.reconfigure(EngineSettings(configuration: renamed, defaultTimeZone: TimeZone(identifier: "UTC")!))
        #expect(!renamedAccepted)
    }
}
