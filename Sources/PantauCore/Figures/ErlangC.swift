#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Erlang C queue (M/M/N): Poisson arrivals, exponential handle times, `agents` servers, an
/// offered load of `load` Erlangs (arrival rate × mean handle time). Erlang B comes from its
/// recursion `B(0) = 1`, `B(n) = A·B(n−1) / (n + A·B(n−1))`, which never forms `Aⁿ` or `n!` and so
/// does not overflow for large loads; `C = N·B / (N − A·(1 − B))`.
public enum ErlangC {
    /// Erlang B, the blocking probability with `agents` servers.
    public static func blocking(agents: Int, load: Double) -> Double {
        var b = 1.0
        if agents > 0 {
            for n in 1...agents { b = load * b / (Double(n) + load * b) }
        }
        return b
    }

    /// C from B: the probability that a contact waits at all. 1 when the agents cannot keep up
    /// (`agents ≤ load`: the queue grows without bound).
    public static func waitProbability(agents: Int, load: Double, blocking b: Double) -> Double {
        let n = Double(agents)
        guard n > load else { return 1 }
        return n * b / (n - load * (1 - b))
    }

    /// The probability that a contact waits at all.
    public static func waitProbability(agents: Int, load: Double) -> Double {
        waitProbability(agents: agents, load: load, blocking: blocking(agents: agents, load: load))
    }

    /// The share of contacts answered within `threshold`: `1 − C·e^(−(N−A)·T/AHT)`.
    public static func serviceLevel(agents: Int, load: Double, threshold: Double, handleTime: Double, waitProbability c: Double) -> Double {
        guard Double(agents) > load else { return 0 }
        return 1 - c * exp(-(Double(agents) - load) * threshold / handleTime)
    }

    /// The mean wait over all contacts (ASA): `C·AHT / (N − A)`; infinite when `agents ≤ load`.
    public static func averageWait(agents: Int, load: Double, handleTime: Double, waitProbability c: Double) -> Double {
        guard Double(agents) > load else { return .infinity }
        return c * handleTime / (Double(agents) - load)
    }

    /// How far past the load the search for enough agents goes before it gives up.
    public static let searchLimit = 100_000
    /// Loads above this have no staffing figure (no single queue is staffed like that).
    public static let loadLimit = 1_000_000.0

    /// The fewest agents whose service level within `threshold` seconds reaches `target` (0…1),
    /// with that staffing's figures; nil when the load is beyond `loadLimit` or the target is
    /// not reached within `searchLimit` agents past the load. No load needs no agents.
    public static func agentsNeeded(load: Double, handleTime: Double, threshold: Double, target: Double) -> ErlangStaffing? {
        guard load.isFinite, load >= 0, load <= loadLimit, handleTime > 0, threshold >= 0 else { return nil }
        guard load > 0 else { return ErlangStaffing(agents: 0, waitProbability: 0, serviceLevel: 1, averageWait: 0) }
        // B up to the first staffing that keeps up, then one step at a time.
        var agents = Int(load.rounded(.down)) + 1
        var b = blocking(agents: agents, load: load)
        let last = agents + searchLimit
        while agents <= last {
            let c = waitProbability(agents: agents, load: load, blocking: b)
            let level = serviceLevel(agents: agents, load: load, threshold: threshold, handleTime: handleTime, waitProbability: c)
            if level >= target {
                return ErlangStaffing(agents: agents, waitProbability: c, serviceLevel: level,
                                      averageWait: averageWait(agents: agents, load: load, handleTime: handleTime, waitProbability: c))
            }
            agents += 1
            b = load * b / (Double(agents) + load * b)
        }
        return nil
    }
}
