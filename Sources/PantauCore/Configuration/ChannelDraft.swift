/// A channel while the sources are being read: every key it set, none inherited yet.
struct ChannelDraft: Sendable {
    /// The channel name.
    var name: String
    /// Where the first `[Channel NAME]` is, if any source has one.
    var baseHeader: ConfigurationLocation?
    /// Where the first `[Channel NAME/PRIORITY]` is, and its priority, for the "no base section" error.
    var firstPriorityHeader: (location: ConfigurationLocation, priority: Priority)?
    /// The targets of `[Channel NAME]`.
    var targets = SLATargets()
    /// The targets of `[Channel NAME/PRIORITY]`; nil = inherit.
    var priorityOverrides: [Priority: SLATargets] = [:]
    /// `Calendar=` and the line of the assignment in effect.
    var calendar: (name: String, location: ConfigurationLocation)?
    /// `WarnAt=`; nil = inherit from `[Daemon]`.
    var warnAt: Double?
    /// `WarnBefore=`; nil = inherit, `.some(nil)` = explicitly off (`no`).
    var warnBefore: TimeSpan??
    /// `ShortAbandon=`; nil = inherit.
    var shortAbandon: TimeSpan?
    /// `OnReopen=`; nil = inherit.
    var onReopen: ReopenMode?
    /// `ServiceLevel=`; nil = inherit.
    var serviceLevel: ServiceLevelFormula?
    /// `ServiceLevelTarget=`; nil = inherit, `.some(nil)` = explicitly none (`no`).
    var serviceLevelTarget: Double??
    /// `HandleTime=` (this channel's own; `[Daemon]` has no default); nil = none.
    var handleTime: TimeSpan?

    init(name: String) { self.name = name }

    /// The channel's settings: its own keys over the `[Daemon]` defaults.
    func settings(inheriting defaults: ChannelDefaults) -> ChannelDefaults {
        var settings = defaults
        if let warnAt { settings.warnAt = warnAt }
        if let warnBefore { settings.warnBefore = warnBefore }
        if let shortAbandon { settings.shortAbandon = shortAbandon }
        if let onReopen { settings.onReopen = onReopen }
        if let serviceLevel { settings.serviceLevel = serviceLevel }
        if let serviceLevelTarget { settings.serviceLevelTarget = serviceLevelTarget }
        return settings
    }
}
