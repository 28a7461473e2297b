/// What became of every line: applied, duplicate, or rejected by reason.
public struct EventTotals: Sendable, Equatable {
    public var applied = 0
    public var duplicate = 0
    /// Indexed by `RejectReason.rawValue`; every reason present.
    public var rejected: [Int] = Array(repeating: 0, count: RejectReason.allCases.count)

    public init() {}

    public subscript(reason: RejectReason) -> Int {
        get { rejected[Int(reason.rawValue)] }
        set { rejected[Int(reason.rawValue)] = newValue }
    }

    /// All rejections.
    public var rejectedTotal: Int { rejected.reduce(0, +) }
}
