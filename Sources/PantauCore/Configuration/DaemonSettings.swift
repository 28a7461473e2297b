/// The `[Daemon]` section. Every key has a default, so an empty section is valid.
public struct DaemonSettings: Sendable, Equatable {
    /// `Spool=`: the directory producers write event files into.
    public var spool: String = "/var/spool/pantau"
    /// `Pattern=`: which file names in the spool are read (shell glob on the base name).
    public var pattern: String = "*.jsonl"
    /// `State=`: the directory holding the checkpoint.
    public var state: String = "/var/lib/pantau"
    /// `Listen=`: HTTP listen addresses (`HOST:PORT`, `[V6]:PORT`); several allowed.
    public var listen: [String] = ["127.0.0.1:9747"]
    /// `PushInterval=`: how often `metrics` is pushed to SSE clients.
    public var pushInterval: TimeSpan = .seconds(1)
    /// `CheckpointInterval=`: how often the checkpoint is written.
    public var checkpointInterval: TimeSpan = .seconds(5)
    /// `MaxLineBytes=`: the longest accepted event line, line end not counted.
    public var maxLineBytes: Int = 64 * 1024
    /// `MaxFutureSkew=`: live events further ahead of the wall clock are rejected.
    public var maxFutureSkew: TimeSpan = .minutes(5)
    /// `ClockStepGrace=`: how long a step of the wall clock (against elapsed time) must last before
    /// the engine follows it; a step undone sooner decides nothing (`LiveClock`).
    public var clockStepGrace: TimeSpan = .minutes(15)
    /// `ClosedRetention=`: how long a closed or abandoned ticket is remembered.
    public var closedRetention: TimeSpan = .hours(1)
    /// `TimeZone=`: IANA zone whose local midnight starts the `today` window; nil = the system's.
    public var timeZone: String? = nil
    /// `DeleteConsumed=`: delete fully applied, checkpointed files unchanged for this long; nil = off.
    public var deleteConsumed: TimeSpan? = nil
    /// `LogNotifications=`: which SLA notifications are logged (journal entries with their fields).
    public var logNotifications: NotificationLogging = .breaches
    /// `BearerTokenFile=`: a file whose content is the HTTP bearer token; nil = no access control.
    public var bearerTokenFile: String? = nil
    /// `AllowOrigin=`: the CORS origin allowed for `/events` and the API; nil = no CORS headers.
    public var allowOrigin: String? = nil
    /// `MaxConnections=`: concurrent HTTP connections.
    public var maxConnections: Int = 20_000
    /// `MaxSSEClients=`: concurrent `/events` clients.
    public var maxSSEClients: Int = 12_000
    /// `EventHistory=`: how many `breach`/`warning` events are kept for `Last-Event-ID` resume.
    public var eventHistory: Int = 10_000
    /// `MaxHeaderBytes=`: the largest HTTP request head; larger gets 431 (414 on the request line).
    public var maxHeaderBytes: Int = 16 * 1024
    /// `HeaderTimeout=`: time to send a whole request head once it began; then 408.
    public var headerTimeout: TimeSpan = .seconds(10)
    /// `IdleTimeout=`: a keep-alive connection without a request for this long is closed.
    public var idleTimeout: TimeSpan = .seconds(60)
    /// `MaxSSEBuffer=`: bytes queued for one `/events` client before it is disconnected as too slow.
    public var maxSSEBuffer: Int = 512 * 1024
    /// `HTTPThreads=`: event-loop threads serving HTTP connections (each connection stays on one);
    /// 0 means one per CPU the process may run on, at most 8.
    public var httpThreads: Int = 0
    /// Defaults for every channel that does not set its own (`WarnAt=` …, `ServiceLevel=`).
    public var channelDefaults: ChannelDefaults = ChannelDefaults()

    public init() {}
}
