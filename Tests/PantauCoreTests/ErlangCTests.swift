#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PantauCore

/// Erlang C against the published vector and an independent closed form, and at loads where
/// the textbook formula's Aⁿ/n! would overflow.
@Suite struct ErlangCTests {
    /// 200 contacts/h, 180 s handle time (10 Erlang), 14 agents, 20 s threshold: P(wait) 0.1741,
    /// service level 0.8884, ASA 7.84 s.
    @Test func thePublishedVector() {
        let load = 200.0 / 3600 * 180
        #expect(load == 10)
        let c = ErlangC.waitProbability(agents: 14, load: load)
        #expect(abs(c - 0.1741) < 0.00005)
        let level = ErlangC.serviceLevel(agents: 14, load: load, threshold: 20, handleTime: 180, waitProbability: c)
        #expect(abs(level - 0.8884) < 0.00005)
        let asa = ErlangC.averageWait(agents: 14, load: load, handleTime: 180, waitProbability: c)
        #expect(abs(asa - 7.84) < 0.005)
        // 13 agents give 0.7956: an 80 % target needs 14, an 88.84 % one still 14, 89 % needs 15.
        #expect(ErlangC.agentsNeeded(load: load, handleTime: 180, threshold: 20, target: 0.80)?.agents == 14)
        #expect(ErlangC.agentsNeeded(load: load, handleTime: 180, threshold: 20, target: 0.888)?.agents == 14)
        #expect(ErlangC.agentsNeeded(load: load, handleTime: 180, threshold: 20, target: 0.89)?.agents == 15)
        let s = ErlangC.agentsNeeded(load: load, handleTime: 180, threshold: 20, target: 0.80)!
        #expect(abs(s.waitProbability - 0.1741) < 0.00005 && abs(s.serviceLevel - 0.8884) < 0.00005 && abs(s.averageWait - 7.84) < 0.005)
    }

    /// The recursion equals the closed form `C = (Aᴺ/N!)·N/(N−A) / (Σₖ<N Aᵏ/k! + (Aᴺ/N!)·N/(N−A))`,
    /// evaluated here in logarithms, wherever both are defined.
    @Test(arguments: [(1, 0.5), (3, 2.2), (14, 10.0), (60, 51.3), (170, 160.0), (400, 380.5)])
    func recursionEqualsTheClosedForm(agents: Int, load: Double) {
        func logTerm(_ k: Int) -> Double { Double(k) * log(load) - lgamma(Double(k) + 1) }
        let logTop = logTerm(agents) + log(Double(agents) / (Double(agents) - load))
        let terms = (0..<agents).map(logTerm) + [logTop]
        let peak = terms.max()!
        let sum = terms.reduce(0) { $0 + exp($1 - peak) }
        let closed = exp(logTop - peak) / sum
        let c = ErlangC.waitProbability(agents: agents, load: load)
        #expect(abs(c - closed) < 1e-9 * max(1, closed))
    }

    /// 5 000 and 200 000 Erlang: Aᴺ overflows a Double long before; the recursion stays finite,
    /// and the answer is the fewest agents that meet the target (one fewer does not).
    @Test(arguments: [5_000.0, 200_000.0])
    func largeLoadsDoNotOverflow(load: Double) throws {
        #expect(pow(load, 200).isInfinite)
        let s = try #require(ErlangC.agentsNeeded(load: load, handleTime: 300, threshold: 30, target: 0.8))
        #expect(s.agents > Int(load))
        #expect(s.serviceLevel >= 0.8 && s.serviceLevel.isFinite && s.waitProbability.isFinite)
        let fewer = ErlangC.waitProbability(agents: s.agents - 1, load: load)
        #expect(ErlangC.serviceLevel(agents: s.agents - 1, load: load, threshold: 30, handleTime: 300, waitProbability: fewer) < 0.8)
    }

    @Test func edgesHaveClearAnswers() {
        // No load: no agents. Agents at or under the load never keep up.
        #expect(ErlangC.agentsNeeded(load: 0, handleTime: 180, threshold: 20, target: 0.8)?.agents == 0)
        #expect(ErlangC.waitProbability(agents: 10, load: 10) == 1)
        #expect(ErlangC.serviceLevel(agents: 10, load: 10, threshold: 20, handleTime: 180, waitProbability: 1) == 0)
        #expect(ErlangC.averageWait(agents: 9, load: 10, handleTime: 180, waitProbability: 1) == .infinity)
        // Beyond the load limit, or a NaN, no figure rather than a loop.
        #expect(ErlangC.agentsNeeded(load: 2e6, handleTime: 180, threshold: 20, target: 0.8) == nil)
        #expect(ErlangC.agentsNeeded(load: .nan, handleTime: 180, threshold: 20, target: 0.8) == nil)
        // A zero threshold: the service level is 1 − C, so the target is about waiting at all.
        let s = ErlangC.agentsNeeded(load: 10, handleTime: 180, threshold: 0, target: 0.8)!
        #expect(abs(s.serviceLevel - (1 - s.waitProbability)) < 1e-12)
        #expect(s.agents == 14)  // 1 − C: 0.7147 with 13 agents, 0.8259 with 14
    }
}
