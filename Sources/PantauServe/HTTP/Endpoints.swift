import PantauCore
import PantauHTTP
import PantauHTTPServer
import Synchronization
import PantauSystem

/// Pantau's HTTP endpoints (SPEC §5): `/metrics`, `/events`, `/api/v1/snapshot`, `/healthz`,
/// `/readyz` and `/`. Reads the figures from the `LiveBoard`, never from the engine, so a scrape
/// never waits for a batch of events. `respond` runs on every HTTP shard at once: the settings
/// and the rendered bodies are behind locks.
final class Endpoints: HTTPRequestHandler, Sendable {
    /// What a reload may change.
    struct Settings: Sendable, Equatable {
        var channelNames: [String]
        var allowOrigin: String?
        /// `[Wallboard] Servers=`: origins whose pages may read this server (the other instance
        /// of an HA pair), answered with their own origin.
        var peerOrigins: [String] = []
        var token: BearerToken?
        var maxSSEClients: Int
        /// The `/api/v1/wallboard` document (it changes only with the configuration).
        var wallboard: [UInt8] = []

        /// The page's policy: its connections go back to this server and to the peers.
        var contentSecurityPolicy: String { WallboardPage.contentSecurityPolicy(connectingTo: peerOrigins) }

        /// The `Access-Control-Allow-Origin` answer to a request from `origin`: `*`, the request's
        /// own origin when it is a peer or `AllowOrigin=`, else `AllowOrigin=` (which the browser
        /// then refuses), else none.
        func allowedOrigin(for origin: String?) -> String? {
            if allowOrigin == "*" { return "*" }
            if let origin, origin == allowOrigin || peerOrigins.contains(origin) { return origin }
            return allowOrigin
        }

        var sendsCORS: Bool { allowOrigin != nil || !peerOrigins.isEmpty }
    }

    let board: LiveBoard
    let hub: SSEHub
    let statistics: HTTPServerStatistics
    private let current: Mutex<Settings>
    var settings: Settings { current.withLock { $0 } }
    /// Rendered `/metrics` and `/api/v1/snapshot` bodies, reused while the figures are unchanged.
    private let cache = ResponseCache()
    private let clock: any Clock

    init(board: LiveBoard, hub: SSEHub, statistics: HTTPServerStatistics, settings: Settings, clock: any Clock) {
        self.board = board
        self.hub = hub
        self.statistics = statistics
        current = Mutex(settings)
        self.clock = clock
    }

    /// A reload: token, CORS origin, channel names and client limit take effect.
    func update(_ settings: Settings) {
        current.withLock { $0 = settings }
        cache.removeAll()
    }

    // MARK: Routing

    func respond(to request: HTTPRequestHead, on connection: HTTPConnection) -> HTTPResponse {
        let settings = self.settings
        let route = Route(path: request.path)
        let origin = request.headers["Origin"]?.lowercased()
        func finish(_ response: HTTPResponse) -> HTTPResponse { Self.finish(response, settings, origin: origin) }
        guard route != .unknown else { return finish(.plain(.notFound)) }
        switch request.method {
        case .get, .head:
            break
        case .options:
            return options(settings, origin: origin)
        case .other:
            return finish(.plain(.methodNotAllowed, headers: ["Allow": "GET, HEAD, OPTIONS"]))
        }
        // The page holds no figures (it fetches them with the token it was opened with), so a
        // kiosk reloading it after an upgrade needs no token in its address bar.
        if route != .healthz && route != .index, let token = settings.token, !token.admits(request) {
            return finish(.plain(.unauthorized, "401 Unauthorized: send Authorization: Bearer TOKEN",
                                 headers: ["WWW-Authenticate": "Bearer realm=\"pantau\""]))
        }
        switch route {
        case .metrics: return finish(metrics(request))
        case .events: return finish(events(request, connection, settings))
        case .snapshot: return finish(snapshot())
        case .wallboard:
            return finish(HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: ByteChunk(settings.wallboard)))
        case .healthz: return finish(.plain(.ok, "ok"))
        case .readyz:
            return board.read().caughtUp ? finish(.plain(.ok, "ready")) : finish(.plain(.serviceUnavailable, "catching up with the spool"))
        case .index: return finish(index(settings))
        case .unknown: return finish(.plain(.notFound))
        }
    }

    enum Route {
        case metrics, events, snapshot, wallboard, healthz, readyz, index, unknown

        init(path: String) {
            switch path {
            case "/metrics": self = .metrics
            case "/events": self = .events
            case "/api/v1/snapshot": self = .snapshot
            case "/api/v1/wallboard": self = .wallboard
            case "/healthz": self = .healthz
            case "/readyz": self = .readyz
            case "/", "*": self = .index
            default: self = .unknown
            }
        }
    }

    /// CORS and the cache policy common to every answer.
    private static func finish(_ response: HTTPResponse, _ settings: Settings, origin: String?) -> HTTPResponse {
        var r = response
        if settings.sendsCORS {
            let allowed = settings.allowedOrigin(for: origin)
            if let allowed { r.headers.add(name: "Access-Control-Allow-Origin", value: allowed) }
            if allowed != "*" { r.headers.add(name: "Vary", value: "Origin") }
        }
        if !r.headers.contains("Cache-Control") { r.headers.add(name: "Cache-Control", value: "no-store") }
        return r
    }

    /// `OPTIONS`: what is allowed, and the CORS preflight answer (`Last-Event-ID` allowed).
    private func options(_ settings: Settings, origin: String?) -> HTTPResponse {
        var h: HTTPHeaders = ["Allow": "GET, HEAD, OPTIONS"]
        if settings.sendsCORS, let allowed = settings.allowedOrigin(for: origin) {
            h.add(name: "Access-Control-Allow-Origin", value: allowed)
            if allowed != "*" { h.add(name: "Vary", value: "Origin") }
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
        let now = clock.monotonicSeconds()
        let body = cache.metrics(openMetrics: openMetrics, version: figures.version, now: now) { buffer in
            let extra = DaemonMetrics.families(figures, hub: hub, statistics: statistics) + ProcessMetrics.families()
            PrometheusRenderer.render(figures.snapshot, format: format, version: PantauVersion.string, extra: extra, into: &buffer)
        }
        return HTTPResponse(status: .ok, headers: ["Content-Type": format.contentType, "Vary": "Accept"], body: body)
    }

    // MARK: /api/v1/snapshot

    private func snapshot() -> HTTPResponse {
        let figures = board.read()
        let body = cache.snapshot(version: figures.version) { buffer in
            SnapshotJSONRenderer.render(figures.snapshot, into: &buffer)
            buffer.append(0x0A)
        }
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
        // The header, as EventSource sends it on its own reconnects; else `last_event_id=` (a page
        // that opens a new EventSource after a failure cannot set headers).
        let lastEventID = request.headers["Last-Event-ID"] ?? request.queryValues(for: "last_event_id").first
        let first = hub.connect(connection, channels: channels, lastEventID: lastEventID,
                                figures: board.read(),
                                now: clock.monotonicSeconds())
        var response = HTTPResponse(status: .ok, headers: headers, body: first[0], isStream: true)
        response.moreBody = Array(first.dropFirst())
        return response
    }

    // MARK: /

    private func index(_ settings: Settings) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8",
                                            "Content-Security-Policy": settings.contentSecurityPolicy],
                     body: WallboardPage.body)
    }
}
