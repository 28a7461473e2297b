/// The three kinds of SLA cycle (SPEC §3.2).
public enum SLAKind: UInt8, CaseIterable, Sendable, Hashable {
    case firstResponse = 0, nextResponse, resolution

    /// The name used in JSON keys and the `sla` label.
    public var name: String {
        switch self {
        case .firstResponse: "first_response"
        case .nextResponse: "next_response"
        case .resolution: "resolution"
        }
    }
}
