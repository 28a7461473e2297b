import Foundation

/// The configuration in the form the engine uses it: channels by index, calendars resolved
/// against their time zones.
public struct EngineSettings {
    var channels: [ChannelRules]
    var calendars: [BusinessCalendar]
    /// The zone whose local midnight starts the `today` window.
    var todayZone: ZoneConverter
    var closedRetention: TimeSpan

    /// Channel names in configuration order (the parser's channel indexes).
    public var channelNames: [String] { channels.map(\.name) }

    /// Resolves a validated configuration. `defaultTimeZone` is used when `[Daemon] TimeZone=` is
    /// unset (the shell passes the system's zone; the core does not look it up itself).
    public init(configuration: Configuration, defaultTimeZone: TimeZone) {
        var calendarIndex: [String: Int16] = [:]
        var calendars: [BusinessCalendar] = []
        for name in configuration.calendars.keys.sorted() {
            guard let definition = configuration.calendars[name],
                  let calendar = BusinessCalendar(definition: definition) else { continue }
            calendarIndex[name] = Int16(calendars.count)
            calendars.append(calendar)
        }
        self.calendars = calendars
        self.channels = configuration.channels.map { policy in
            ChannelRules(
                name: policy.name,
                targets: Priority.allCases.map { policy.targets(for: $0) },
                calendar: policy.calendar.flatMap { calendarIndex[$0] } ?? -1,
                warnAt: policy.settings.warnAt,
                warnBefore: policy.settings.warnBefore,
                shortAbandon: policy.settings.shortAbandon,
                onReopen: policy.settings.onReopen,
                serviceLevel: policy.settings.serviceLevel,
                serviceLevelTarget: policy.settings.serviceLevelTarget,
                handleTime: policy.handleTime)
        }
        let zone = configuration.daemon.timeZone.flatMap { TimeZone(identifier: $0) } ?? defaultTimeZone
        self.todayZone = ZoneConverter(timeZone: zone)
        self.closedRetention = configuration.daemon.closedRetention
    }
}
