/// Reads the sources' lines into drafts, collecting every error, then resolves inheritance and
/// cross-references into a ``Configuration``. Internal to ``ConfigurationParser``; the key-specific
/// parts live in the `ConfigurationBuilder+…` files.
struct ConfigurationBuilder {
    /// Where keys go while a source is read.
    enum Target {
        /// Before the first section header of a file.
        case none
        /// After a header that was reported invalid: its keys are skipped so one mistake is one error.
        case invalid
        /// A valid section.
        case section(ConfigurationSection)
    }

    /// The sources' paths, by index.
    let paths: [String]
    /// Every error so far, in the order found.
    private var errors: [(location: ConfigurationLocation, message: String)] = []
    /// `[Daemon]`, channel defaults included; `listen` is applied at the end.
    var daemon = DaemonSettings()
    /// `[Wallboard]`.
    var wallboard = WallboardSettings()
    /// `Listen=` assignments; nil = none seen, keep the built-in default.
    var listen: [String]?
    /// Channels by name, and their names in order of first appearance.
    var channels: [String: ChannelDraft] = [:]
    var channelOrder: [String] = []
    /// Calendars by name, and their names in order of first appearance.
    var calendars: [String: CalendarDraft] = [:]
    var calendarOrder: [String] = []
    /// Whether any `[Channel …]` header was seen, valid or not.
    private var sawChannelHeader = false

    init(paths: [String]) { self.paths = paths }

    /// Records an error.
    mutating func report(_ location: ConfigurationLocation, _ message: String) {
        errors.append((location, message))
    }

    /// Reads one source; `index` is its position among the sources.
    mutating func read(_ text: String, source index: Int) {
        var target = Target.none
        for line in IniLexer.lines(of: text) {
            let location = ConfigurationLocation(source: index, line: line.line)
            switch line.content {
            case .section(let header):
                target = open(header, at: location)
            case .malformedSection(let text):
                report(location, "malformed section header \(Self.quoted(text)); "
                       + "expected [Daemon], [Calendar NAME] or [Channel NAME] on a line of its own")
                target = .invalid
            case .noEquals(let text):
                report(location, "expected KEY=VALUE, a [Section] header or a comment, found \(Self.quoted(text))")
            case .assignment(let key, let value):
                assign(key, value, in: target, at: location)
            }
        }
    }

    /// Starts a section; registers its channel or calendar.
    private mutating func open(_ header: String, at location: ConfigurationLocation) -> Target {
        if header.split(whereSeparator: IniLexer.isSpace).first == "Channel" { sawChannelHeader = true }
        let section: ConfigurationSection
        do {
            section = try ConfigurationSection.parse(header)
        } catch {
            report(location, error.message)
            return .invalid
        }
        switch section {
        case .daemon, .wallboard:
            break
        case .calendar(let name):
            if calendars[name] == nil {
                calendars[name] = CalendarDraft(name: name, header: location)
                calendarOrder.append(name)
            }
        case .channel(let name):
            registerChannel(name)
            if channels[name]?.baseHeader == nil { channels[name]?.baseHeader = location }
        case .channelPriority(let name, let priority):
            registerChannel(name)
            if channels[name]?.firstPriorityHeader == nil {
                channels[name]?.firstPriorityHeader = (location, priority)
            }
        }
        return .section(section)
    }

    private mutating func registerChannel(_ name: String) {
        guard channels[name] == nil else { return }
        channels[name] = ChannelDraft(name: name)
        channelOrder.append(name)
    }

    /// Applies one `KEY=VALUE`, or reports why it cannot be applied.
    private mutating func assign(_ key: String, _ value: String, in target: Target, at location: ConfigurationLocation) {
        guard !key.isEmpty else {
            report(location, "missing key before \"=\" in \(Self.quoted("=" + value))")
            return
        }
        let section: ConfigurationSection
        switch target {
        case .invalid:
            return
        case .none:
            let homes = ConfigurationKeys.homes(of: key)
            report(location, "key \"\(key)\" appears before any section header"
                   + (homes.isEmpty ? "" : "; it belongs in \(homes.joined(separator: " or "))"))
            return
        case .section(let current):
            section = current
        }
        guard Self.keys(of: section).contains(key) else {
            report(location, Self.unknownKeyMessage(key, in: section))
            return
        }
        do {
            switch section {
            case .daemon: try assignDaemon(key, value)
            case .channel(let name): try assignChannel(key, value, channel: name, at: location)
            case .channelPriority(let name, let priority):
                try assignPriority(key, value, channel: name, priority: priority)
            case .calendar(let name): try assignCalendar(key, value, calendar: name)
            case .wallboard: try assignWallboard(key, value)
            }
        } catch {
            if case .calendar(let name) = section {
                if key == "TimeZone" {
                    calendars[name]?.reportedTimeZone = true
                } else if key != "Holidays" {
                    calendars[name]?.reportedHours = true
                }
            }
            var message = "invalid value \(Self.quoted(value)) for \(key): \(error.message)"
            if value.contains(" #") || value.contains(" ;") {
                message += " (comments must be on a line of their own)"
            }
            report(location, message)
        }
    }

    /// The keys a section accepts.
    private static func keys(of section: ConfigurationSection) -> [String] {
        switch section {
        case .daemon: ConfigurationKeys.daemon
        case .channel: ConfigurationKeys.channel
        case .channelPriority: ConfigurationKeys.targets
        case .calendar: ConfigurationKeys.calendar
        case .wallboard: ConfigurationKeys.wallboard
        }
    }

    /// Why `key` is not accepted in `section`, with a hint where there is one.
    private static func unknownKeyMessage(_ key: String, in section: ConfigurationSection) -> String {
        if case .channelPriority = section, ConfigurationKeys.channel.contains(key) {
            return "key \"\(key)\" is not allowed in \(section.label); "
                + "a priority section takes only FirstResponse, NextResponse and Resolution"
        }
        let homes = ConfigurationKeys.homes(of: key)
        if !homes.isEmpty {
            return "key \"\(key)\" is not allowed in \(section.label); it belongs in \(homes.joined(separator: " or "))"
        }
        if let suggestion = KeySuggester.suggestion(for: key, among: keys(of: section)) {
            return "unknown key \"\(key)\" in \(section.label); did you mean \"\(suggestion)\"?"
        }
        return "unknown key \"\(key)\" in \(section.label)"
    }

    /// The configuration, or every error found, sorted by source and line.
    mutating func build() -> Result<Configuration, ConfigurationErrors> {
        var configuration = Configuration()
        if let listen { daemon.listen = listen }
        configuration.daemon = daemon
        configuration.wallboard = wallboard
        for name in calendarOrder {
            guard let draft = calendars[name] else { continue }
            if let calendar = resolveCalendar(draft) { configuration.calendars[name] = calendar }
        }
        for name in channelOrder {
            guard let draft = channels[name] else { continue }
            if let policy = resolveChannel(draft) { configuration.channels.append(policy) }
        }
        if !sawChannelHeader {
            report(ConfigurationLocation(source: 0, line: 0), "no channel configured; add a [Channel NAME] section")
        }
        guard errors.isEmpty else { return .failure(ConfigurationErrors(sortedErrors())) }
        return .success(configuration)
    }

    private func sortedErrors() -> [ConfigurationError] {
        errors.enumerated()
            .sorted { ($0.element.location.source, $0.element.location.line, $0.offset)
                < ($1.element.location.source, $1.element.location.line, $1.offset) }
            .map { entry in
                let location = entry.element.location
                let file = paths.indices.contains(location.source) ? paths[location.source] : "(no configuration file)"
                return ConfigurationError(file: file, line: location.line, message: entry.element.message)
            }
    }

    /// `"text"`, shortened to 60 characters.
    static func quoted(_ text: String) -> String {
        text.count > 60 ? "\"\(text.prefix(57))...\"" : "\"\(text)\""
    }
}
