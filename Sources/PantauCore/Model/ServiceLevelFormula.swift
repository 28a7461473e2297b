/// How a service level is computed from first-response outcomes (SPEC §3.5).
public enum ServiceLevelFormula: UInt8, CaseIterable, Sendable, Hashable {
    /// met ÷ (met + breached + abandoned)
    case offered = 0
    /// met ÷ (met + breached)
    case answered
    /// (met + abandoned) ÷ (met + breached + abandoned)
    case removed

    /// The configuration name.
    public var name: String {
        switch self {
        case .offered: "offered"
        case .answered: "answered"
        case .removed: "removed"
        }
    }

    /// The formula in words, for the wallboard and the Prometheus HELP text.
    public var formulaText: String {
        switch self {
        case .offered: "met / (met + breached + abandoned)"
        case .answered: "met / (met + breached)"
        case .removed: "(met + abandoned) / (met + breached + abandoned)"
        }
    }

    /// The service level for these counts, or nil when the denominator is empty.
    /// Short abandons never count.
    public func value(met: Int, breached: Int, abandoned: Int) -> Double? {
        let numerator: Int
        let denominator: Int
        switch self {
        case .offered: numerator = met; denominator = met + breached + abandoned
        case .answered: numerator = met; denominator = met + breached
        case .removed: numerator = met + abandoned; denominator = met + breached + abandoned
        }
        return denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
