/// A fixed-bucket histogram of consumed time (Prometheus `_bucket`, `_sum`, `_count`).
/// The sum is kept in integer nanoseconds so that the result does not depend on the order of
/// observations (replaying files split differently gives identical figures).
public struct Histogram: Sendable, Equatable {
    /// Upper bounds in seconds (the `le` labels), `+Inf` implied.
    public static let bounds: [Double] = [
        5, 10, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172_800, 259_200, 604_800,
    ]
    private static let boundNanos: [Int64] = bounds.map { Int64($0) * 1_000_000_000 }

    /// Observations per bucket (not cumulative); the last element counts those above every bound.
    public private(set) var buckets: [UInt64] = Array(repeating: 0, count: Histogram.bounds.count + 1)
    /// Sum of observations in nanoseconds.
    public private(set) var sumNanoseconds: Int128 = 0
    public private(set) var count: UInt64 = 0

    public init() {}

    mutating func observe(_ span: TimeSpan) {
        let ns = max(0, span.nanoseconds)
        var i = 0
        while i < Histogram.boundNanos.count, ns > Histogram.boundNanos[i] { i += 1 }
        buckets[i] += 1
        sumNanoseconds += Int128(ns)
        count += 1
    }

    /// Cumulative counts per bound, then `+Inf` (equal to `count`).
    public var cumulative: [UInt64] {
        var total: UInt64 = 0
        return buckets.map { total += $0; return total }
    }

    /// The sum in seconds.
    public var sumSeconds: Double { Double(sumNanoseconds) / 1e9 }

    /// Writes the buckets, the sum and the count (checkpoints).
    func encode(into w: inout StateWriter) {
        w.write(array: buckets)
        w.write(sumNanoseconds)
        w.write(count)
    }

    /// Reads what `encode(into:)` wrote; the bucket count must match `bounds`, and the count the buckets.
    init(decoding r: inout StateReader) throws {
        let at = r.offset
        let buckets = try r.readArray(of: UInt64.self, "histogram buckets", limit: Histogram.bounds.count + 1)
        guard buckets.count == Histogram.bounds.count + 1 else {
            throw StateDecodingError.invalid("histogram buckets", "\(buckets.count) buckets, expected \(Histogram.bounds.count + 1)", at: at)
        }
        self.buckets = buckets
        sumNanoseconds = try r.read("histogram sum", in: 0...(Int128(1) << 100))
        let countAt = r.offset
        count = try r.read("histogram count")
        var total: UInt64 = 0
        for b in buckets {
            let (t, overflow) = total.addingReportingOverflow(b)
            guard !overflow else { throw StateDecodingError.invalid("histogram buckets", "counts overflow", at: at) }
            total = t
        }
        guard total == count, count < UInt64(1) << 62 else {
            throw StateDecodingError.invalid("histogram count", "\(count) does not match the buckets' \(total)", at: countAt)
        }
    }
}
