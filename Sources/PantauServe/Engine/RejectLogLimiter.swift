import PantauCore
import PantauSystem

/// Logs rejected lines without flooding the journal: at most `burst` lines per reason per window;
/// the rest are counted and summarised when the window ends.
struct RejectLogLimiter {
    var burst = 5
    var windowNanoseconds: Int64 = 10_000_000_000
    private var windowStart: Int64 = 0
    private var logged: [Int] = Array(repeating: 0, count: RejectReason.allCases.count)
    private var suppressed: [Int] = Array(repeating: 0, count: RejectReason.allCases.count)

    /// Whether to log this rejection now; also emits the previous window's summary through `log`.
    mutating func shouldLog(_ reason: RejectReason, now: Int64, log: Logger) -> Bool {
        if now - windowStart > windowNanoseconds {
            for r in RejectReason.allCases where suppressed[Int(r.rawValue)] > 0 {
                log.warning("rejected lines not logged", ["REASON": r.name, "COUNT": String(suppressed[Int(r.rawValue)])])
            }
            windowStart = now
            logged = Array(repeating: 0, count: logged.count)
            suppressed = Array(repeating: 0, count: suppressed.count)
        }
        let i = Int(reason.rawValue)
        if logged[i] < burst { logged[i] += 1; return true }
        suppressed[i] += 1
        return false
    }
}
