/// The whole validated configuration: a `Sendable` value with defaults. Only
/// `ConfigurationParser` knows the INI format; the engine and the shell take this value.
public struct Configuration: Sendable, Equatable {
    /// `[Daemon]` settings.
    public var daemon: DaemonSettings
    /// `[Calendar NAME]` sections by name.
    public var calendars: [String: CalendarDefinition]
    /// `[Channel NAME]` sections in the order they first appear (drop-ins may add more).
    public var channels: [ChannelPolicy]
    /// `[Wallboard]`.
    public var wallboard = WallboardSettings()

    public init(daemon: DaemonSettings = DaemonSettings(), calendars: [String: CalendarDefinition] = [:],
                channels: [ChannelPolicy] = []) {
        self.daemon = daemon
        self.calendars = calendars
        self.channels = channels
    }

    /// The channel with that name, if configured.
    public func channel(named name: String) -> ChannelPolicy? { channels.first { $0.name == name } }
}
