import Foundation

/// The simulator's deterministic random source: xoshiro256** seeded through splitmix64.
///
/// Never `SystemRandomNumberGenerator`: the same seed must give the same traffic on every machine
/// and every run, so a benchmark or a bug report can be reproduced byte for byte.
struct SimulatorRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last Box–Muller pair, not yet handed out.
    private var spareNormal: Double?

    init(seed: UInt64) {
        var seeds = SplitMix64(seed: seed)
        s0 = seeds.next()
        s1 = seeds.next()
        s2 = seeds.next()
        s3 = seeds.next()
    }

    @inline(__always) mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always) mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inline(__always) mutating func chance(_ p: Double) -> Bool {
        p > 0 && unit() < p
    }

    /// Uniform in [low, high) (`low` when the range is empty).
    @inline(__always) mutating func integer(_ low: Int64, _ high: Int64) -> Int64 {
        guard high > low else { return low }
        return low + Int64(next() % UInt64(high - low))
    }

    /// Uniform in [low, high).
    @inline(__always) mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// Exponentially distributed with mean 1.
    mutating func exponential() -> Double {
        -log(1 - unit())
    }

    /// Standard normal (Box–Muller, both values of a pair used).
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let r = (-2 * log(1 - unit())).squareRoot()
        let theta = 2 * Double.pi * unit()
        spareNormal = r * sin(theta)
        return r * cos(theta)
    }

    /// A sample of `distribution` in whole milliseconds (at least 1).
    mutating func milliseconds(_ distribution: LogNormal) -> Int64 {
        let z = min(4, max(-4, normal()))
        let seconds = min(distribution.maximum, max(distribution.minimum, distribution.median * exp(distribution.sigma * z)))
        return max(1, Int64(seconds * 1000))
    }

    /// An index drawn from cumulative weights (the last entry is the total).
    mutating func index(cumulative: [Double]) -> Int {
        let x = unit() * cumulative[cumulative.count - 1]
        var i = 0
        while i < cumulative.count - 1, x >= cumulative[i] { i += 1 }
        return i
    }
}
