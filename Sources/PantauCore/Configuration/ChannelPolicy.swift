/// One `[Channel NAME]` section with its `[Channel NAME/PRIORITY]` overrides.
public struct ChannelPolicy: Sendable, Equatable {
    /// The channel name events carry in `channel`.
    public var name: String
    /// The targets of `[Channel NAME]`.
    public var targets: SLATargets
    /// Per-priority overrides from `[Channel NAME/PRIORITY]`; keys that section does not set inherit.
    public var priorityOverrides: [Priority: SLATargets]
    /// `Calendar=`: the name of a `[Calendar NAME]`; nil = 24/7.
    public var calendar: String?
    /// `HandleTime=`: the mean time an agent spends on one contact (staffing figures); nil = none.
    public var handleTime: TimeSpan?
    /// `WarnAt=`, `WarnBefore=`, `ShortAbandon=`, `OnReopen=`, `ServiceLevel=`, `ServiceLevelTarget=` (inherited from `[Daemon]`).
    public var settings: ChannelDefaults

    public init(name: String, targets: SLATargets = SLATargets(), priorityOverrides: [Priority: SLATargets] = [:],
                calendar: String? = nil, handleTime: TimeSpan? = nil, settings: ChannelDefaults = ChannelDefaults()) {
        self.name = name
        self.targets = targets
        self.priorityOverrides = priorityOverrides
        self.calendar = calendar
        self.handleTime = handleTime
        self.settings = settings
    }

    /// The effective targets for a priority.
    public func targets(for priority: Priority) -> SLATargets {
        guard let override = priorityOverrides[priority] else { return targets }
        return targets.overridden(by: override)
    }
}
