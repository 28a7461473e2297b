/// The horizons of "breaching soon": how far ahead of the engine clock a deadline may fall.
public enum ForecastHorizon: Int, CaseIterable, Sendable {
    case fiveMinutes = 0, fifteenMinutes, hour

    /// The JSON key and `within` label.
    public var name: String {
        switch self {
        case .fiveMinutes: "5m"
        case .fifteenMinutes: "15m"
        case .hour: "1h"
        }
    }

    public var span: TimeSpan {
        switch self {
        case .fiveMinutes: .minutes(5)
        case .fifteenMinutes: .minutes(15)
        case .hour: .hours(1)
        }
    }
}
