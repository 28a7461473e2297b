/// The three SLA targets of a channel (or of one priority of it). nil: no cycle of that kind.
public struct SLATargets: Sendable, Equatable {
    /// `FirstResponse=`.
    public var firstResponse: TimeSpan?
    /// `NextResponse=`.
    public var nextResponse: TimeSpan?
    /// `Resolution=`.
    public var resolution: TimeSpan?

    public init(firstResponse: TimeSpan? = nil, nextResponse: TimeSpan? = nil, resolution: TimeSpan? = nil) {
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
        self.resolution = resolution
    }

    /// The target for one kind.
    public subscript(kind: SLAKind) -> TimeSpan? {
        get {
            switch kind {
            case .firstResponse: firstResponse
            case .nextResponse: nextResponse
            case .resolution: resolution
            }
        }
        set {
            switch kind {
            case .firstResponse: firstResponse = newValue
            case .nextResponse: nextResponse = newValue
            case .resolution: resolution = newValue
            }
        }
    }

    /// These targets with every target `override` sets taking precedence.
    public func overridden(by override: SLATargets) -> SLATargets {
        SLATargets(firstResponse: override.firstResponse ?? firstResponse,
                   nextResponse: override.nextResponse ?? nextResponse,
                   resolution: override.resolution ?? resolution)
    }
}
