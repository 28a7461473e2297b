/// The keys each section type accepts (case-sensitive, systemd style).
enum ConfigurationKeys {
    /// Per-channel settings that `[Daemon]` may also set as defaults.
    static let channelSettings = ["WarnAt", "WarnBefore", "ShortAbandon", "OnReopen", "ServiceLevel", "ServiceLevelTarget"]
    /// The target keys, the only keys of `[Channel NAME/PRIORITY]`.
    static let targets = ["FirstResponse", "NextResponse", "Resolution"]
    /// `[Daemon]`.
    static let daemon = ["Spool", "Pattern", "State", "Listen", "PushInterval", "CheckpointInterval", "MaxLineBytes",
                         "MaxFutureSkew", "ClockStepGrace", "ClosedRetention", "TimeZone", "DeleteConsumed", "BearerTokenFile",
                         "AllowOrigin", "MaxConnections", "MaxSSEClients", "EventHistory", "MaxHeaderBytes", "HeaderTimeout",
                         "IdleTimeout", "MaxSSEBuffer", "HTTPThreads", "LogNotifications"] + channelSettings
    /// `[Channel NAME]`.
    static let channel = targets + ["Calendar", "HandleTime"] + channelSettings
    /// `[Wallboard]`.
    static let wallboard = ["AmberBand", "WaitAmber", "BreachingSoonRed", "Hold", "TickerLength", "Servers"]
    /// The weekdays as keys, Monday first (index = `CalendarDefinition.week` index).
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// `[Calendar NAME]`.
    static let calendar = ["TimeZone"] + weekdays + ["Weekdays", "Everyday", "Holidays"]

    /// The section types a key belongs to, for "it belongs in …" messages; empty when unknown.
    static func homes(of key: String) -> [String] {
        var homes: [String] = []
        if daemon.contains(key) { homes.append("[Daemon]") }
        if channel.contains(key) { homes.append("[Channel NAME]") }
        if calendar.contains(key) { homes.append("[Calendar NAME]") }
        if wallboard.contains(key) { homes.append("[Wallboard]") }
        return homes
    }
}
