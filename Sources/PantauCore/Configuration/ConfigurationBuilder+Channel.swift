/// `[Channel NAME]` and `[Channel NAME/PRIORITY]` keys, and the resolution of a channel once every
/// source is read. An empty value means: no target (base section), inherit the base target (priority
/// section), inherit the `[Daemon]` default (other keys), 24/7 (`Calendar=`).
extension ConfigurationBuilder {
    mutating func assignChannel(_ key: String, _ value: String, channel name: String,
                                at location: ConfigurationLocation) throws(ConfigurationValueError) {
        typealias Parse = ConfigurationValueParser
        let empty = value.isEmpty
        guard var draft = channels[name] else { return }
        switch key {
        case "FirstResponse", "NextResponse", "Resolution":
            draft.targets[Self.kind(of: key)] = empty ? nil : try Parse.positiveTimeSpan(value)
        case "Calendar":
            draft.calendar = empty ? nil : (try ConfigurationName.validated(value, kind: "calendar"), location)
        case "WarnAt":
            draft.warnAt = empty ? nil : try Parse.percentage(value)
        case "WarnBefore":
            if empty {
                draft.warnBefore = nil
            } else if value == "no" || value == "off" {
                draft.warnBefore = .some(nil)
            } else {
                draft.warnBefore = .some(try Parse.timeSpan(value))
            }
        case "ShortAbandon":
            draft.shortAbandon = empty ? nil : try Parse.timeSpan(value)
        case "OnReopen":
            draft.onReopen = empty ? nil : try Parse.choice(value, name: \ReopenMode.name)
        case "ServiceLevel":
            draft.serviceLevel = empty ? nil : try Parse.choice(value, name: \ServiceLevelFormula.name)
        case "ServiceLevelTarget":
            if empty {
                draft.serviceLevelTarget = nil
            } else if value == "no" || value == "off" {
                draft.serviceLevelTarget = .some(nil)
            } else {
                draft.serviceLevelTarget = .some(try Parse.percentage(value))
            }
        case "HandleTime":
            draft.handleTime = empty ? nil : try Parse.finitePositiveTimeSpan(value)
        default:
            assertionFailure("key \(key) is listed in ConfigurationKeys.channel but not handled")
        }
        channels[name] = draft
    }

    mutating func assignPriority(_ key: String, _ value: String, channel name: String,
                                 priority: Priority) throws(ConfigurationValueError) {
        let target = value.isEmpty ? nil : try ConfigurationValueParser.positiveTimeSpan(value)
        channels[name]?.priorityOverrides[priority, default: SLATargets()][Self.kind(of: key)] = target
    }

    /// The policy for a channel, or nil after reporting why there is none.
    mutating func resolveChannel(_ draft: ChannelDraft) -> ChannelPolicy? {
        guard draft.baseHeader != nil else {
            if let (location, priority) = draft.firstPriorityHeader {
                report(location, "[Channel \(draft.name)/\(priority.name)] overrides channel \"\(draft.name)\", "
                       + "which is not defined; add a [Channel \(draft.name)] section")
            }
            return nil
        }
        if let (calendar, location) = draft.calendar, calendars[calendar] == nil {
            var message = "calendar \"\(calendar)\" is not defined"
            if let suggestion = KeySuggester.suggestion(for: calendar, among: calendarOrder) {
                message += "; did you mean \"\(suggestion)\"?"
            } else {
                message += "; add a [Calendar \(calendar)] section"
            }
            report(location, message)
        }
        return ChannelPolicy(name: draft.name,
                             targets: draft.targets,
                             priorityOverrides: draft.priorityOverrides.filter { $0.value != SLATargets() },
                             calendar: draft.calendar?.name,
                             handleTime: draft.handleTime,
                             settings: draft.settings(inheriting: daemon.channelDefaults))
    }

    /// The SLA kind a target key sets.
    static func kind(of key: String) -> SLAKind {
        switch key {
        case "FirstResponse": .firstResponse
        case "NextResponse": .nextResponse
        default: .resolution
        }
    }
}
