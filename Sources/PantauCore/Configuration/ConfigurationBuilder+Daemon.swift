/// `[Daemon]` keys. An empty value restores the built-in default (systemd style); `Listen=` is a
/// list: each assignment appends, an empty one clears it.
extension ConfigurationBuilder {
    /// The largest and smallest `MaxLineBytes=`.
    static let maxLineBytesRange = 256...(16 << 20)
    /// `MaxHeaderBytes=` bounds: a request head must fit a request line, `Host` and a token.
    static let maxHeaderBytesRange = 1024...(1 << 20)
    /// `MaxSSEBuffer=` bounds: at least a few snapshots.
    static let maxSSEBufferRange = (16 << 10)...(64 << 20)

    mutating func assignDaemon(_ key: String, _ value: String) throws(ConfigurationValueError) {
        typealias Parse = ConfigurationValueParser
        let builtIn = DaemonSettings()
        let builtInChannel = ChannelDefaults()
        let empty = value.isEmpty
        switch key {
        case "Spool":
            daemon.spool = empty ? builtIn.spool : value
        case "Pattern":
            guard !value.contains("/") else {
                throw ConfigurationValueError("a pattern matches file names in Spool= and cannot contain \"/\"")
            }
            daemon.pattern = empty ? builtIn.pattern : value
        case "State":
            daemon.state = empty ? builtIn.state : value
        case "Listen":
            listen = empty ? [] : (listen ?? []) + [try Parse.listenAddress(value)]
        case "PushInterval":
            daemon.pushInterval = empty ? builtIn.pushInterval : try Parse.finitePositiveTimeSpan(value)
        case "CheckpointInterval":
            daemon.checkpointInterval = empty ? builtIn.checkpointInterval : try Parse.finitePositiveTimeSpan(value)
        case "MaxLineBytes":
            daemon.maxLineBytes = empty ? builtIn.maxLineBytes : try Parse.byteSize(value, in: Self.maxLineBytesRange)
        case "MaxFutureSkew":
            daemon.maxFutureSkew = empty ? builtIn.maxFutureSkew : try Parse.timeSpan(value)
        case "ClockStepGrace":
            daemon.clockStepGrace = empty ? builtIn.clockStepGrace : try Parse.timeSpan(value)
        case "ClosedRetention":
            let span = empty ? builtIn.closedRetention : try Parse.timeSpan(value)
            guard span != .infinite else {
                throw ConfigurationValueError("expected a finite time span: closed tickets must be forgotten eventually")
            }
            daemon.closedRetention = span
        case "TimeZone":
            daemon.timeZone = empty ? nil : try Parse.timeZone(value)
        case "DeleteConsumed":
            if empty || value == "no" || value == "off" {
                daemon.deleteConsumed = nil
            } else {
                let span = try Parse.timeSpan(value)
                daemon.deleteConsumed = span == .infinite ? nil : span
            }
        case "LogNotifications":
            daemon.logNotifications = empty ? builtIn.logNotifications : try Parse.choice(value, name: \NotificationLogging.name)
        case "BearerTokenFile":
            daemon.bearerTokenFile = empty ? nil : value
        case "AllowOrigin":
            daemon.allowOrigin = empty ? nil : try Parse.origin(value)
        case "MaxConnections":
            daemon.maxConnections = empty ? builtIn.maxConnections : try Parse.positiveInteger(value)
        case "MaxSSEClients":
            daemon.maxSSEClients = empty ? builtIn.maxSSEClients : try Parse.positiveInteger(value)
        case "EventHistory":
            daemon.eventHistory = empty ? builtIn.eventHistory : try Parse.positiveInteger(value)
        case "MaxHeaderBytes":
            daemon.maxHeaderBytes = empty ? builtIn.maxHeaderBytes : try Parse.byteSize(value, in: Self.maxHeaderBytesRange)
        case "HeaderTimeout":
            daemon.headerTimeout = empty ? builtIn.headerTimeout : try Parse.finitePositiveTimeSpan(value)
        case "IdleTimeout":
            daemon.idleTimeout = empty ? builtIn.idleTimeout : try Parse.finitePositiveTimeSpan(value)
        case "HTTPThreads":
            daemon.httpThreads = empty ? builtIn.httpThreads : try Parse.boundedInteger(value, in: 0...64)
        case "MaxSSEBuffer":
            daemon.maxSSEBuffer = empty ? builtIn.maxSSEBuffer : try Parse.byteSize(value, in: Self.maxSSEBufferRange)
        case "WarnAt":
            daemon.channelDefaults.warnAt = empty ? builtInChannel.warnAt : try Parse.percentage(value)
        case "WarnBefore":
            daemon.channelDefaults.warnBefore = empty || value == "no" || value == "off" ? nil : try Parse.timeSpan(value)
        case "ShortAbandon":
            daemon.channelDefaults.shortAbandon = empty ? builtInChannel.shortAbandon : try Parse.timeSpan(value)
        case "OnReopen":
            daemon.channelDefaults.onReopen = empty ? builtInChannel.onReopen : try Parse.choice(value, name: \.name)
        case "ServiceLevel":
            daemon.channelDefaults.serviceLevel = empty ? builtInChannel.serviceLevel : try Parse.choice(value, name: \.name)
        case "ServiceLevelTarget":
            daemon.channelDefaults.serviceLevelTarget = empty || value == "no" || value == "off" ? nil : try Parse.percentage(value)
        default:
            assertionFailure("key \(key) is listed in ConfigurationKeys.daemon but not handled")
        }
    }
}
