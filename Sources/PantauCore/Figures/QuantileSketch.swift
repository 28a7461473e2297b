import Foundation

/// A log-bucket quantile sketch (DDSketch) with 1 % relative error, for the `today` window where
/// keeping every observation would grow with traffic. Order-independent: only counts are kept.
public struct QuantileSketch: Sendable, Equatable {
    private static let gamma = 1.01 / 0.99
    private static let logGamma = log(gamma)
    /// Values at or below this many seconds count as zero.
    private static let minValue = 1e-3

    /// Counts per log bucket, `buckets[i]` for bucket index `offset + i` (grown on either side).
    private var buckets: [UInt64] = []
    private var offset = 0
    private var zeros: UInt64 = 0
    public private(set) var count: UInt64 = 0

    public init() {}

    mutating func add(seconds: Double) {
        count += 1
        if seconds <= QuantileSketch.minValue { zeros += 1; return }
        let index = Int(ceil(log(seconds) / QuantileSketch.logGamma))
        if buckets.isEmpty {
            offset = index
            buckets = [0]
        } else if index < offset {
            buckets.insert(contentsOf: repeatElement(0, count: offset - index), at: 0)
            offset = index
        } else if index >= offset + buckets.count {
            buckets.append(contentsOf: repeatElement(0, count: index - offset - buckets.count + 1))
        }
        buckets[index - offset] += 1
    }

    /// The nearest-rank quantile `q` (0 < q ≤ 1): the value of rank ⌈q·n⌉, within 1 %.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen = zeros
        if seen >= rank { return 0 }
        for (i, n) in buckets.enumerated() {
            seen += n
            if seen >= rank {
                return 2 * pow(QuantileSketch.gamma, Double(offset + i)) / (QuantileSketch.gamma + 1)
            }
        }
        return nil
    }

    /// Bucket indexes a stored sketch may use: values from 1 ms to far beyond any Int64 span of
    /// nanoseconds stay well inside (about -350 … 1150), so `add` can never overflow on them.
    private static let indexRange = -100_000...100_000

    /// Writes the buckets and counts (checkpoints).
    func encode(into w: inout StateWriter) {
        w.write(Int64(offset))
        w.write(zeros)
        w.write(count)
        w.write(array: buckets)
    }

    /// Reads what `encode(into:)` wrote; the counts must add up.
    init(decoding r: inout StateReader) throws {
        let at = r.offset
        offset = Int(try r.read("sketch offset", as: Int64.self, in: Int64(QuantileSketch.indexRange.lowerBound)...Int64(QuantileSketch.indexRange.upperBound)))
        zeros = try r.read("sketch zeros")
        count = try r.read("sketch count")
        buckets = try r.readArray(of: UInt64.self, "sketch buckets", limit: QuantileSketch.indexRange.upperBound)
        guard offset + buckets.count <= QuantileSketch.indexRange.upperBound else {
            throw StateDecodingError.invalid("sketch buckets", "\(buckets.count) buckets from \(offset)", at: at)
        }
        var total = zeros
        for b in buckets {
            let (t, overflow) = total.addingReportingOverflow(b)
            guard !overflow else { throw StateDecodingError.invalid("sketch buckets", "counts overflow", at: at) }
            total = t
        }
        guard total == count, count < UInt64(1) << 62 else {
            throw StateDecodingError.invalid("sketch count", "\(count) does not match the buckets' \(total)", at: at)
        }
    }
}
