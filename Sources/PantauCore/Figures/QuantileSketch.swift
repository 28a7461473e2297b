import Foundation

/// A log-bucket quantile sketch (DDSketch) with 1 % relative error, for the `today` window where
/// keeping every observation would grow with traffic. Order-independent: only counts are kept.
public struct QuantileSketch: Sendable, Equatable {
    private static let gamma = 1.01 / 0.99
    private static let logGamma = log(gamma)
    /// Values at or below this many seconds count as zero.
    private static let minValue = 1e-3

    private var buckets: [Int32: UInt64] = [:]
    private var zeros: UInt64 = 0
    public private(set) var count: UInt64 = 0

    public init() {}

    mutating func add(seconds: Double) {
        count += 1
        if seconds <= QuantileSketch.minValue { zeros += 1; return }
        let index = Int32(ceil(log(seconds) / QuantileSketch.logGamma))
        buckets[index, default: 0] += 1
    }

    /// The nearest-rank quantile `q` (0 < q ≤ 1): the value of rank ⌈q·n⌉, within 1 %.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen = zeros
        if seen >= rank { return 0 }
        for index in buckets.keys.sorted() {
            seen += buckets[index]!
            if seen >= rank {
                return 2 * pow(QuantileSketch.gamma, Double(index)) / (QuantileSketch.gamma + 1)
            }
        }
        return nil
    }
}
