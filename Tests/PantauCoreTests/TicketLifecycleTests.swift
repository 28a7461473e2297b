import Testing
@testable import PantauCore

/// SPEC §3.1, one row at a time.
@Suite struct TicketLifecycleTests {
    @Test func createdStartsWaitingWithFirstResponseAndResolutionCycles() {
        var h = EngineHarness()
        h.create(at: 0)
        h.advance(to: 30)
        #expect(h.tickets(.waiting) == 1)
        #expect(h.channel().queueDepth == 1)
        #expect(h.channel().unassigned == 1)
        #expect(h.channel().oldestWaiting == .seconds(30))
        #expect(h.sla(.firstResponse).running == 1)
        #expect(h.sla(.resolution).running == 1)
        #expect(h.sla(.nextResponse).running == 0)
        #expect(h.counter(.created) == 1)
    }

    @Test func secondCreatedForALiveTicketIsRejected() {
        var h = EngineHarness()
        h.create(at: 0)
        #expect(h.send(.created, at: 1, channel: "chat") == .rejected(.ticketExists))
        #expect(h.snapshot.events[.ticketExists] == 1)
    }

    @Test func eventForUnknownTicketIsRejected() {
        var h = EngineHarness()
        #expect(h.send(.agentReply, "nope", at: 0) == .rejected(.unknownTicket))
    }

    @Test func assignedRecordsTheAgentWithoutClockEffect() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.assigned, at: 10, agent: "a1")
        #expect(h.channel().unassigned == 0)
        #expect(h.tickets(.waiting) == 1)
        h.send(.assigned, at: 20)  // no agent: back to the queue
        #expect(h.channel().unassigned == 1)
        h.advance(to: 61)
        #expect(h.breaches(.firstResponse) == [60])
    }

    @Test func agentReplyFulfilsFirstResponseAndOpens() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.agentReply, at: 45, agent: "a1")
        #expect(h.outcome(.firstResponse, .met) == 1)
        #expect(h.tickets(.open) == 1)
        #expect(h.channel().queueDepth == 0)
        #expect(h.channel().firstResponseSeconds.count == 1)
        #expect(h.channel().firstResponseSeconds.sumSeconds == 45)
    }

    @Test func customerReplyStartsANextResponseCycleOnlyAfterTheFirstResponse() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.customerReply, at: 10)  // no first response yet: no next-response cycle
        #expect(h.sla(.nextResponse).running == 0)
        h.send(.agentReply, at: 20)
        h.send(.customerReply, at: 30)
        #expect(h.sla(.nextResponse).running == 1)
        h.send(.customerReply, at: 40)  // one already awaits fulfilment
        #expect(h.sla(.nextResponse).running == 1)
        h.send(.agentReply, at: 150)  // 120 s after 30 → met exactly at the deadline
        #expect(h.outcome(.nextResponse, .met) == 1)
        #expect(h.sla(.nextResponse).running == 0)
    }

    @Test func pendingPausesEveryCycleAndOpenResumesIt() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.pending, at: 20)  // 20 s consumed of 60
        #expect(h.tickets(.pending) == 1)
        #expect(h.sla(.firstResponse).paused == 1)
        #expect(h.sla(.resolution).paused == 1)
        h.advance(to: 500)
        #expect(h.breaches(.firstResponse).isEmpty)
        h.send(.open, at: 500)  // no first response yet → waiting; deadline 500 + 40 = 540
        #expect(h.tickets(.waiting) == 1)
        #expect(h.sla(.firstResponse).paused == 0)
        h.advance(to: 541)
        #expect(h.breaches(.firstResponse) == [540])
    }

    @Test func customerReplyLeavesPending() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.agentReply, at: 10)
        h.send(.pending, at: 20)
        h.send(.customerReply, at: 100)
        #expect(h.tickets(.open) == 1)
        #expect(h.sla(.resolution).paused == 0)
        #expect(h.sla(.nextResponse).running == 1)
    }

    @Test func resolvedFulfilsEveryCycleAndCountsAsFirstResponse() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.resolved, at: 30)
        #expect(h.outcome(.firstResponse, .met) == 1)
        #expect(h.outcome(.resolution, .met) == 1)
        #expect(h.tickets(.resolved) == 1)
        #expect(h.counter(.resolved) == 1)
        h.send(.resolved, at: 40)  // already resolved: no effect, not counted again
        #expect(h.counter(.resolved) == 1)
        #expect(h.channel().resolutionSeconds.sumSeconds == 30)
    }

    @Test func reopenedStartsResolutionAndNextResponseCycles() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.agentReply, at: 10)
        h.send(.resolved, at: 1000)
        h.send(.reopened, at: 2000)
        #expect(h.tickets(.open) == 1)
        #expect(h.counter(.reopened) == 1)
        #expect(h.sla(.resolution).running == 1)
        #expect(h.sla(.nextResponse).running == 1)
        // OnReopen=continue: 3600 − 1000 consumed = 2600 left → deadline 4600.
        h.advance(to: 4601)
        #expect(h.breaches(.resolution) == [4600])
    }

    @Test func customerReplyOnResolvedTicketReopensIt() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.resolved, at: 100)
        h.send(.customerReply, at: 200)
        #expect(h.counter(.reopened) == 1)
        #expect(h.tickets(.open) == 1)
        #expect(h.sla(.nextResponse).running == 1)
        #expect(h.sla(.resolution).running == 1)
    }

    @Test func closedCancelsUndecidedCyclesAndIsRetainedThenForgotten() {
        var h = EngineHarness(daemon: { $0.closedRetention = .seconds(600) })
        h.create(at: 0)
        h.send(.closed, at: 10, id: "close-1")
        #expect(h.outcome(.firstResponse, .cancelled) == 1)
        #expect(h.outcome(.resolution, .cancelled) == 1)
        #expect(h.tickets(.waiting) == 0)
        #expect(h.counter(.closed) == 1)
        #expect(h.send(.agentReply, at: 20) == .rejected(.ticketClosed))
        #expect(h.send(.created, at: 21, channel: "chat") == .rejected(.ticketClosed))
        #expect(h.send(.closed, at: 30, id: "close-1") == .duplicate)
        h.advance(to: 611)  // forgotten 600 s after the close
        #expect(h.engine.ticketCount == 0)
        #expect(h.send(.agentReply, at: 612) == .rejected(.unknownTicket))
        h.create(at: 613)  // the id is free again
    }

    @Test func abandonedEndsFirstResponseAsAbandonedOrShortAbandoned() {
        var h = EngineHarness(tweak: { $0.settings.shortAbandon = .seconds(5) })
        h.create("a", at: 0)
        h.create("b", at: 0)
        h.send(.abandoned, "a", at: 5)  // ≤ 5 s: short
        h.send(.abandoned, "b", at: 5.001)
        #expect(h.outcome(.firstResponse, .shortAbandoned) == 1)
        #expect(h.outcome(.firstResponse, .abandoned) == 1)
        #expect(h.outcome(.resolution, .cancelled) == 2)
        #expect(h.counter(.shortAbandoned) == 1)
        #expect(h.counter(.abandoned) == 1)
        #expect(h.tickets(.waiting) == 0)
        #expect(h.send(.closed, "a", at: 10) == .applied)  // applied without effect
        #expect(h.counter(.closed) == 0)
        #expect(h.send(.customerReply, "a", at: 11) == .rejected(.ticketClosed))
    }

    @Test func abandonAfterBreachStaysBreached() {
        var h = EngineHarness()
        h.create(at: 0)
        h.advance(to: 100)
        #expect(h.sla(.firstResponse).breachedOpen == 1)
        h.send(.abandoned, at: 100)
        #expect(h.outcome(.firstResponse, .breached) == 1)
        #expect(h.outcome(.firstResponse, .abandoned) == 0)
        #expect(h.sla(.firstResponse).breachedOpen == 0)
        #expect(h.counter(.abandoned) == 1)
    }

    @Test func abandonedOnlyActsOnAWaitingTicket() {
        var h = EngineHarness()
        h.create(at: 0)
        h.send(.agentReply, at: 10)
        #expect(h.send(.abandoned, at: 20) == .applied)
        #expect(h.tickets(.open) == 1)
        #expect(h.counter(.abandoned) == 0)
    }

    @Test func transferKeepsRunningCyclesAndMovesTicketFigures() {
        var h = EngineHarness()
        h.create(at: 0)  // chat: first response 60 s
        h.send(.transferred, at: 10, channel: "voice")
        #expect(h.tickets(.waiting, "chat") == 0)
        #expect(h.tickets(.waiting, "voice") == 1)
        #expect(h.sla(.firstResponse, "chat").running == 1)  // SLA figures stay where the cycle started
        h.advance(to: 61)
        #expect(h.breaches(.firstResponse) == [60])
        #expect(h.outcome(.firstResponse, .breached, "chat") == 1)
        h.send(.agentReply, at: 70)
        h.send(.customerReply, at: 80)  // voice has no next-response target: no cycle
        #expect(h.sla(.nextResponse, "voice").running == 0)
        #expect(h.sla(.nextResponse, "chat").running == 0)
        h.send(.closed, at: 90)
        #expect(h.counter(.closed, "voice") == 1)
        #expect(h.counter(.closed, "chat") == 0)
    }

    @Test func priorityChangeAppliesToNewCycles() {
        var h = EngineHarness(tweak: { $0.priorityOverrides[.urgent] = SLATargets(nextResponse: .seconds(30)) })
        h.create(at: 0)
        h.send(.agentReply, at: 10)
        h.send(.priorityChanged, at: 20, priority: .urgent)
        h.send(.customerReply, at: 100)  // urgent: next response 30 s → deadline 130
        h.advance(to: 131)
        #expect(h.breaches(.nextResponse) == [130])
    }

    @Test func eventBeforeThePreviousOneTakesItsEffectiveTime() {
        var h = EngineHarness()
        h.create(at: 100)
        h.send(.agentReply, at: 50)  // effective time 100: consumed 0
        #expect(h.channel().firstResponseSeconds.sumSeconds == 0)
        #expect(h.outcome(.firstResponse, .met) == 1)
    }

    @Test func duplicateIdsOnTheSameTicketAreCountedNotApplied() {
        var h = EngineHarness()
        h.create(at: 0)
        #expect(h.send(.pending, at: 5, id: "x") == .applied)
        #expect(h.send(.open, at: 6, id: "x") == .duplicate)
        #expect(h.tickets(.pending) == 1)
        #expect(h.send(.created, "t2", at: 7, channel: "chat", id: "x") == .applied)  // same id, other ticket
        #expect(h.snapshot.events.duplicate == 1)
        #expect(h.snapshot.events.applied == 3)
    }

    @Test func eventThatMakesNoSenseIsAppliedAsFarAsItHasEffect() {
        var h = EngineHarness()
        h.create(at: 0)
        #expect(h.send(.open, at: 1) == .applied)  // open on a waiting ticket
        #expect(h.send(.reopened, at: 2) == .applied)  // reopen of an unresolved ticket
        #expect(h.tickets(.waiting) == 1)
        #expect(h.counter(.reopened) == 0)
    }
}
