/// A channel's policy resolved for the engine: targets per priority, calendar index, settings.
struct ChannelRules {
    var name: String
    /// Targets indexed by `Priority.rawValue`.
    var targets: [SLATargets]
    /// Index into `EngineSettings.calendars`; -1 = 24/7.
    var calendar: Int16
    var warnAt: Double
    var warnBefore: TimeSpan?
    var shortAbandon: TimeSpan
    var onReopen: ReopenMode
    var serviceLevel: ServiceLevelFormula
    /// `ServiceLevelTarget=` as a fraction; nil = none.
    var serviceLevelTarget: Double?
    /// `HandleTime=`; nil = no staffing figures.
    var handleTime: TimeSpan?

    func target(_ kind: SLAKind, _ priority: Priority) -> TimeSpan? { targets[Int(priority.rawValue)][kind] }
}
