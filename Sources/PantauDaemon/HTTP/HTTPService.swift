import Dispatch
import PantauCore
import PantauHTTP
import PantauHTTPServer
import Synchronization

/// Pantau's HTTP endpoints (SPEC §5): `/metrics`, `/events`, `/api/v1/snapshot`, `/healthz`,
/// `/readyz` and `/`. Reads the figures from the `LiveBoard`, never from the engine, so a scrape
/// never waits for a batch of events. `respond` runs on every HTTP shard at once: the settings
/// and the rendered bodies are behind locks; the push timers run on the front end's queue.
final class HTTPService: HTTPRequestHandler, @unchecked Sendable {
    /// What a reload may change.
    struct Settings: Sendable {
        var channelNames: [String]
        var allowOrigin: String?
        var token: BearerToken?
        var maxSSEClients: Int
        var pushInterval: TimeSpan
    }

    let board: LiveBoard
    /// Set once, before the server starts (it needs the server's shards).
    var hub: SSEHub!
    private let current: Mutex<Settings>
    var settings: Settings { current.withLock { $0 } }
    /// The front end's queue: timers, reloads.
    private let queue: DispatchQueue
    /// For its statistics; set once the server exists. Strong (both live as long as the process):
    /// a weak reference would put every retain of the server on the slow path.
    var server: HTTPServer?

    /// Rendered `/metrics` and `/api/v1/snapshot` bodies, reused while the figures are unchanged
    /// (and for at most a second, for the process figures).
    private struct Cached {
        var version: UInt64
        var rendered: Double
        var body: ByteChunk
    }
    private struct Rendered {
        var metrics: [Bool: Cached] = [:]
        var snapshot: Cached?
    }
    /// The cached bodies: held only to look up or store, so a shard serving a cached body never
    /// waits for another shard's rendering.
    private let rendered = Mutex(Rendered())
    /// The render buffer, reused; held while rendering (then the cache is checked again, so shards
    /// that found it stale at once render once).
    private let scratch = Mutex<[UInt8]>([])
    private var timers: [any DispatchSourceTimer] = []

    init(board: LiveBoard, settings: Settings, queue: DispatchQueue) {
        self.board = board
        current = Mutex(settings)
        self.queue = queue
    }

    private var pushTimer: (any DispatchSourceTimer)?
    /// Asks the engine to publish its figures now and calls back when done (set before `start`).
    var refresh: (@Sendable (@escaping @Sendable () -> Void) -> Void)?

    /// Starts the `metrics` push and the keepalive timers (on the front end's queue).
    func start() {
        let push = DispatchSource.makeTimerSource(queue: queue)
        pushTimer = push
        schedulePush()
        // The timers hold the service for the life of the process (no weak references: see `server`).
        push.setEventHandler { @Sendable in
            guard let refresh = self.refresh else {
                self.hub.pushMetrics(self.board.read(), now: SystemClock.monotonicSeconds())
                return
            }
            // Fresh figures from the engine queue first, then the push back on this queue.
            let queue = self.queue, hub = self.hub!, board = self.board
            refresh {
                queue.async { hub.pushMetrics(board.read(), now: SystemClock.monotonicSeconds()) }
            }
        }
        let keepalive = DispatchSource.makeTimerSource(queue: queue)
        keepalive.schedule(deadline: .now() + .seconds(1), repeating: .seconds(1), leeway: .milliseconds(100))
        keepalive.setEventHandler { @Sendable in self.hub.keepalive(now: SystemClock.monotonicSeconds()) }
        for t in [push, keepalive] { t.resume(); timers.append(t) }
    }

    private func schedulePush() {
        let ns = max(10_000_000, Int(settings.pushInterval.nanoseconds))
        pushTimer?.schedule(deadline: .now() + .nanoseconds(ns), repeating: .nanoseconds(ns), leeway: .milliseconds(5))
    }

    /// A reload: token, CORS origin, channel names, client limit and push interval take effect.
    func update(_ settings: Settings) {
        dispatchPrecondition(condition: .onQueue(queue))
        let reschedule = settings.pushInterval != self.settings.pushInterval
        current.withLock { $0 = settings }
        if reschedule { schedulePush() }
        rendered.withLock { $0.metrics.removeAll(); $0.snapshot = nil }
    }

    // MARK: Routing

    func respond(to request: HTTPRequestHead, on connection: HTTPConnection) -> HTTPResponse {
        let settings = self.settings
        let route = Route(path: request.path)
        func finish(_ response: HTTPResponse) -> HTTPResponse { Self.finish(response, settings) }
        guard route != .unknown else { return finish(.plain(.notFound)) }
        switch request.method {
        case .get, .head:
            break
        case .options:
            return options(settings)
        case .other:
            return finish(.plain(.methodNotAllowed, headers: ["Allow": "GET, HEAD, OPTIONS"]))
        }
        if route != .healthz, let token = settings.token, !token.admits(request) {
            return finish(.plain(.unauthorized, "401 Unauthorized: send Authorization: Bearer TOKEN",
                                 headers: ["WWW-Authenticate": "Bearer realm=\"pantau\""]))
        }
        switch route {
        case .metrics: return finish(metrics(request))
        case .events: return finish(events(request, connection, settings))
        case .snapshot: return finish(snapshot())
        case .healthz: return finish(.plain(.ok, "ok"))
        case .readyz:
            return board.read().caughtUp ? finish(.plain(.ok, "ready")) : finish(.plain(.serviceUnavailable, "catching up with the spool"))
        case .index: return finish(index(settings))
        case .unknown: return finish(.plain(.notFound))
        }
    }

    enum Route {
        case metrics, events, snapshot, healthz, readyz, index, unknown

        init(path: String) {
            switch path {
            case "/metrics": self = .metrics
            case "/events": self = .events
            case "/api/v1/snapshot": self = .snapshot
            case "/healthz": self = .healthz
            case "/readyz": self = .readyz
            case "/", "*": self = .index
            default: self = .unknown
            }
        }
    }

    /// CORS and the cache policy common to every answer.
    private static func finish(_ response: HTTPResponse, _ settings: Settings) -> HTTPResponse {
        var r = response
        if let origin = settings.allowOrigin {
            r.headers.add(name: "Access-Control-Allow-Origin", value: origin)
            if origin != "*" { r.headers.add(name: "Vary", value: "Origin") }
        }
        if !r.headers.contains("Cache-Control") { r.headers.add(name: "Cache-Control", value: "no-store") }
        return r
    }

    /// `OPTIONS`: what is allowed, and the CORS preflight answer (`Last-Event-ID` allowed).
    private func options(_ settings: Settings) -> HTTPResponse {
        var h: HTTPHeaders = ["Allow": "GET, HEAD, OPTIONS"]
        if let origin = settings.allowOrigin {
            h.add(name: "Access-Control-Allow-Origin", value: origin)
            if origin != "*" { h.add(name: "Vary", value: "Origin") }
            h.add(name: "Access-Control-Allow-Methods", value: "GET, HEAD, OPTIONS")
            h.add(name: "Access-Control-Allow-Headers", value: "Authorization, Last-Event-ID, Accept, Cache-Control")
            h.add(name: "Access-Control-Max-Age", value: "600")
        }
        return HTTPResponse(status: .noContent, headers: h)
    }

    // MARK: /metrics

    static let exposition: [ContentNegotiation.Offer] = [
        ContentNegotiation.Offer("text/plain", versions: ["0.0.4"]),
        ContentNegotiation.Offer("application/openmetrics-text", versions: ["1.0.0"]),
    ]

    private func metrics(_ request: HTTPRequestHead) -> HTTPResponse {
        let openMetrics = ContentNegotiation.choose(Self.exposition, accept: request.headers["Accept"]) == 1
        let format: ExpositionFormat = openMetrics ? .openMetrics : .text
        let figures = board.read()
        let now = SystemClock.monotonicSeconds()
        let body = cachedOrRendered(cached: { r in
            guard let c = r.metrics[openMetrics], c.version >= figures.version, now - c.rendered < 1 else { return nil }
            return c.body
        }, render: { buffer in
            PrometheusRenderer.render(figures.snapshot, format: format, version: PantauVersion.string,
                                      extra: extraFamilies(figures), into: &buffer)
        }, store: { r, body in
            r.metrics[openMetrics] = Cached(version: figures.version, rendered: now, body: body)
        })
        return HTTPResponse(status: .ok, headers: ["Content-Type": format.contentType, "Vary": "Accept"], body: body)
    }

    private func extraFamilies(_ f: LiveFigures) -> [MetricFamily] {
        var families = [
            MetricFamily(name: "pantau_spool_lag_seconds", help: "Seconds the oldest unapplied spool data has waited; 0 when caught up.",
                         kind: .gauge, samples: [(labels: [], value: f.spoolLagSeconds)]),
            MetricFamily(name: "pantau_spool_files", help: "Spool files followed.", kind: .gauge,
                         samples: [(labels: [], value: Double(f.spoolFiles))]),
            MetricFamily(name: "pantau_spool_read_bytes_total", help: "Bytes read from the spool.", kind: .counter,
                         samples: [(labels: [], value: Double(f.spoolReadBytes))]),
            MetricFamily(name: "pantau_sse_clients", help: "Connected /events clients.", kind: .gauge,
                         samples: [(labels: [], value: Double(hub.count))]),
            MetricFamily(name: "pantau_sse_events_pushed_total", help: "breach and warning events pushed.", kind: .counter,
                         samples: [(labels: [], value: Double(hub.eventsPushed))]),
            MetricFamily(name: "pantau_sse_resume_snapshots_total",
                         help: "Last-Event-ID resumes answered with a snapshot alone: the id was evicted from the history, "
                             + "or the missed events exceeded MaxSSEBuffer.", kind: .counter,
                         samples: [(labels: [("reason", "evicted")], value: Double(hub.resumesEvicted)),
                                   (labels: [("reason", "over_buffer")], value: Double(hub.resumesOverBuffer))]),
            MetricFamily(name: "pantau_checkpoint_failures_total", help: "Checkpoint writes that failed.", kind: .counter,
                         samples: [(labels: [], value: Double(f.checkpointFailures))]),
            MetricFamily(name: "pantau_clock_steps_total", help: "Wall-clock steps seen against elapsed time.", kind: .counter,
                         samples: [(labels: [], value: Double(f.clockSteps))]),
            MetricFamily(name: "pantau_clock_step_seconds",
                         help: "Wall-clock step not yet followed (taken after ClockStepGrace=); 0 when none.", kind: .gauge,
                         samples: [(labels: [], value: f.clockStepSeconds)]),
        ]
        if let age = f.checkpointAgeSeconds, let last = f.lastCheckpointSeconds {
            families.append(MetricFamily(name: "pantau_checkpoint_age_seconds", help: "Seconds since the last durable checkpoint.",
                                         kind: .gauge, samples: [(labels: [], value: age)]))
            families.append(MetricFamily(name: "pantau_checkpoint_last_success_timestamp_seconds",
                                         help: "Unix time of the last durable checkpoint.", kind: .gauge, samples: [(labels: [], value: last)]))
        }
        if let server {
            families.append(MetricFamily(name: "pantau_http_connections", help: "Open HTTP connections.", kind: .gauge,
                                         samples: [(labels: [], value: Double(server.statistics.connectionCount))]))
            families.append(MetricFamily(name: "pantau_http_requests_total", help: "HTTP requests answered by a handler.", kind: .counter,
                                         samples: [(labels: [], value: Double(server.statistics.requestsServed))]))
            families.append(MetricFamily(name: "pantau_http_refused_total", help: "HTTP connections or clients refused or dropped, by reason.",
                                         kind: .counter, samples: [
                                             (labels: [("reason", "bad_request")], value: Double(server.statistics.errorsAnswered)),
                                             (labels: [("reason", "timeout")], value: Double(server.statistics.timeouts)),
                                             (labels: [("reason", "connection_limit")], value: Double(server.statistics.refusedOverLimit)),
                                             (labels: [("reason", "slow_client")], value: Double(server.statistics.slowClientsDropped)),
                                             (labels: [("reason", "idle_evicted")], value: Double(server.statistics.idleEvicted)),
                                         ]))
        }
        return families + ProcessMetrics.families()
    }

    /// The cached body if `cached` finds one fresh enough; else renders into the reused buffer
    /// (looking again once it holds the buffer, since another shard may just have rendered) and
    /// stores the result.
    private func cachedOrRendered(cached: (inout Rendered) -> ByteChunk?, render: (inout [UInt8]) -> Void,
                                  store: (inout Rendered, ByteChunk) -> Void) -> ByteChunk {
        if let body = rendered.withLock({ cached(&$0) }) { return body }
        return scratch.withLock { buffer in
            if let body = rendered.withLock({ cached(&$0) }) { return body }
            buffer.removeAll(keepingCapacity: true)
            render(&buffer)
            let body = ByteChunk(buffer)
            rendered.withLock { store(&$0, body) }
            return body
        }
    }

    // MARK: /api/v1/snapshot

    private func snapshot() -> HTTPResponse {
        let figures = board.read()
        let body = cachedOrRendered(cached: { r in
            r.snapshot.flatMap { $0.version >= figures.version ? $0.body : nil }
        }, render: { buffer in
            SnapshotJSONRenderer.render(figures.snapshot, into: &buffer)
            buffer.append(0x0A)
        }, store: { r, body in
            r.snapshot = Cached(version: figures.version, rendered: 0, body: body)
        })
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: body)
    }

    // MARK: /events

    private func events(_ request: HTTPRequestHead, _ connection: HTTPConnection, _ settings: Settings) -> HTTPResponse {
        var channels: Set<String>?
        // Split on literal commas, then decoded: `%2C` selects a channel whose name has a comma.
        let requested = request.queryListValues(for: "channel")
        if !requested.isEmpty {
            let known = Set(settings.channelNames)
            if let unknown = requested.first(where: { !known.contains($0) }) {
                return .plain(.badRequest, "400 Bad Request: unknown channel \"\(unknown)\"; configured: "
                              + settings.channelNames.joined(separator: ","))
            }
            channels = Set(requested)
        }
        var headers: HTTPHeaders = [
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        ]
        if request.method == .head { return HTTPResponse(status: .ok, headers: headers, isStream: true) }
        guard hub.admit(limit: settings.maxSSEClients) else {
            headers = ["Retry-After": "10"]
            return .plain(.serviceUnavailable, "503 Service Unavailable: too many /events clients", headers: headers)
        }
        let first = hub.connect(connection, channels: channels, lastEventID: request.headers["Last-Event-ID"],
                                figures: board.read(),
                                now: SystemClock.monotonicSeconds())
        var response = HTTPResponse(status: .ok, headers: headers, body: first[0], isStream: true)
        response.moreBody = Array(first.dropFirst())
        return response
    }

    // MARK: /

    private func index(_ settings: Settings) -> HTTPResponse {
        let names = settings.channelNames.map { "<li>\(Self.escapeHTML($0))</li>" }.joined()
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Pantau</title></head>
            <body><h1>Pantau \(PantauVersion.string)</h1>
            <p>Channels:</p><ul>\(names)</ul>
            <ul><li><a href="/metrics">/metrics</a> (Prometheus)</li><li><a href="/events">/events</a> (server-sent events)</li>
            <li><a href="/api/v1/snapshot">/api/v1/snapshot</a> (JSON)</li><li><a href="/readyz">/readyz</a>, <a href="/healthz">/healthz</a></li></ul>
            </body></html>

            """
        return HTTPResponse(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: ByteChunk(html))
    }

    static func escapeHTML(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
