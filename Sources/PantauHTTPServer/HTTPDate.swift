import Glibc
import PantauSystem

/// The `Date` header value (IMF-fixdate, RFC 9110 §5.6.7), formatted once per second.
struct HTTPDate {
    private var second: time_t = -1
    private(set) var value = ""

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The value for now.
    mutating func now() -> String {
        let t = time(nil)
        if t != second {
            second = t
            value = Self.format(t)
        }
        return value
    }

    static func format(_ t: time_t) -> String {
        var copy = t
        var parts = tm()
        gmtime_r(&copy, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + Int(parts.tm_year)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
