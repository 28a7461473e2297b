/// The windows of SPEC §3.5.
public enum WindowName: Int, CaseIterable, Sendable {
    case fifteenMinutes = 0, hour, today

    /// The JSON key and `window` label.
    public var name: String {
        switch self {
        case .fifteenMinutes: "15m"
        case .hour: "1h"
        case .today: "today"
        }
    }
}
