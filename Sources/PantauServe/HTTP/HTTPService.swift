import Dispatch
import Glibc
import PantauCore
import PantauHTTPServer
import PantauSystem

/// The HTTP service: the server, its listeners (sockets passed by systemd, else `Listen=`), the
/// endpoints and the SSE hub, fed by the engine service through `LiveSink`. Built whole in
/// `init`: the event loops come first, so the hub (which delivers on them) and the endpoints
/// (which read the server's statistics) exist before the server that serves them.
/// `@unchecked`: the keepalive timer is touched only by `start` and `stop`, from the group's thread.
package final class HTTPService: Service, LiveSink, @unchecked Sendable {
    package let name = "http"
    let server: HTTPServer
    let endpoints: Endpoints
    let hub: SSEHub
    private let log: Logger
    private let clock: any Clock
    private let keepaliveQueue = DispatchQueue(label: "pantau.http.keepalive")
    /// Made in `start` (a Dispatch source released before it was resumed is a crash).
    private var keepalive: (any DispatchSourceTimer)?

    /// Binds the listeners (an error names the address).
    init(settings: ServeSettings, board: LiveBoard, bootID: String, clock: any Clock, log: Logger) throws {
        self.log = log
        self.clock = clock
        let d = settings.daemon
        var limits = settings.serverLimits
        if let budget = DescriptorBudget.current() {
            limits.maxRefusing = budget.refusals(configured: limits.maxRefusing)
            limits.maxConnections = budget.connections(configured: d.maxConnections, refusals: limits.maxRefusing)
            if limits.maxConnections < d.maxConnections {
                log.warning("MaxConnections=\(d.maxConnections) lowered to \(limits.maxConnections): the descriptor limit is "
                            + "\(budget.descriptorLimit), and \(budget.descriptorLimit - limits.maxConnections) are kept for "
                            + "the daemon's own files and for refusals; raise LimitNOFILE= to allow more",
                            ["MAX_CONNECTIONS": "\(limits.maxConnections)", "RLIMIT_NOFILE": "\(budget.descriptorLimit)"])
            }
        }
        let loops = try HTTPServer.makeLoops(Self.threads(d.httpThreads))
        let statistics = HTTPServerStatistics()
        hub = SSEHub(bootID: bootID, lastSequence: 0, historyCapacity: d.eventHistory, maxMissedBytes: d.maxSSEBuffer, loops: loops)
        endpoints = Endpoints(board: board, hub: hub, statistics: statistics, settings: settings.endpoints, clock: clock)
        server = HTTPServer(limits: limits, handler: endpoints, loops: loops, statistics: statistics,
                            warning: { [log] in log.warning($0) })

        let passed = SocketActivation.passed()
        for name in passed.ignored {
            log.warning("closing a socket systemd passed under another name than http", ["NAME": name])
        }
        for (fd, name) in passed.served {
            let address = try server.adopt(listeningSocket: fd)
            log.notice("listening on a socket passed by systemd", ["ADDRESS": address, "NAME": name, "HTTP_THREADS": "\(loops.count)"])
        }
        guard passed.served.isEmpty else { return }  // sockets passed: Listen= is not used
        for text in d.listen {
            let address = try ListenAddress(parsing: text)
            for bound in try server.listen(on: address) {
                log.notice("listening", ["ADDRESS": bound, "URL": "http://\(bound)/", "HTTP_THREADS": "\(loops.count)"])
            }
        }
        if server.addresses.isEmpty { log.warning("no listen address (empty Listen= and no socket from systemd): HTTP is off") }
    }

    /// The bound addresses (`127.0.0.1:40123`).
    package var addresses: [String] { server.addresses }

    /// `HTTPThreads=`, where 0 means one per CPU the process may run on, at most 8 (more threads
    /// than CPUs only interleave).
    static func threads(_ configured: Int) -> Int {
        configured > 0 ? configured : min(8, max(1, ProcessMetrics.allowedCPUs() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }

    // MARK: Service

    package func start() {
        server.start()
        let hub = self.hub, clock = self.clock
        let keepalive = DispatchSource.makeTimerSource(queue: keepaliveQueue)
        keepalive.schedule(deadline: .now() + .seconds(1), repeating: .seconds(1), leeway: .milliseconds(100))
        keepalive.setEventHandler { @Sendable in hub.keepalive(now: clock.monotonicSeconds()) }
        keepalive.resume()
        self.keepalive = keepalive
    }

    /// Stops accepting, ends every connection (SSE streams end, so wallboards reconnect) and the
    /// event loops.
    package func stop() -> Bool {
        keepalive?.cancel()
        keepalive = nil
        let streams = hub.count
        server.stop()
        log.info("HTTP stopped", ["SSE_CLIENTS_ENDED": String(streams)])
        return true
    }

    /// A reload: token, CORS origin, channel names and client limit take effect.
    func update(_ settings: ServeSettings) {
        endpoints.update(settings.endpoints)
    }

    // MARK: LiveSink (called on the engine queue)

    func restored(pushSequence: UInt64) {
        hub.restore(lastSequence: pushSequence)
    }

    func push(_ batch: [PushedNotification]) {
        hub.publish(batch, now: clock.monotonicSeconds())
    }

    func pushMetrics(_ figures: LiveFigures) {
        hub.pushMetrics(figures, now: clock.monotonicSeconds())
    }

    var streamCount: Int { hub.count }
}
