import CSystemd
import Dispatch
import Glibc
import PantauCore
import PantauHTTPServer

/// `serve`'s HTTP side: the server, its listeners (sockets passed by systemd, else `Listen=`),
/// the endpoints and the SSE hub, fed by the daemon through `LiveSink`.
final class HTTPFrontEnd: LiveSink, @unchecked Sendable {
    let server: HTTPServer
    let service: HTTPService
    let hub: SSEHub
    private let queue = DispatchQueue(label: "pantau.http")
    private let log: Logger

    /// Binds the listeners (an error names the address). `listen` overrides `Listen=`.
    init(configuration: Configuration, listen: [String]?, board: LiveBoard, bootID: String, log: Logger) throws {
        self.log = log
        let d = configuration.daemon
        var limits = HTTPServerLimits()
        limits.maxConnections = d.maxConnections
        limits.maxHeaderBytes = d.maxHeaderBytes
        limits.maxTargetBytes = min(8 * 1024, d.maxHeaderBytes)
        limits.headerTimeout = Double(d.headerTimeout.nanoseconds) / 1e9
        limits.idleTimeout = Double(d.idleTimeout.nanoseconds) / 1e9
        limits.maxStreamPendingBytes = d.maxSSEBuffer
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
        let service = HTTPService(board: board, settings: try Self.settings(configuration), queue: queue)
        server = try HTTPServer(limits: limits, handler: service, shards: Self.threads(d.httpThreads),
                                warning: { [log] in log.warning($0) })
        hub = SSEHub(bootID: bootID, lastSequence: 0, historyCapacity: d.eventHistory, maxMissedBytes: d.maxSSEBuffer, loops: server.shards.map(\.loop))
        service.server = server
        service.hub = hub
        self.service = service

        let passed = sd_listen_fds(1)
        if passed > 0 {
            for fd in SD_LISTEN_FDS_START..<(SD_LISTEN_FDS_START + passed) {
                let address = try server.adopt(listeningSocket: fd)
                log.notice("listening on a socket passed by systemd", ["ADDRESS": address, "HTTP_THREADS": "\(server.shards.count)"])
            }
            return
        }
        let addresses = listen ?? d.listen
        for text in addresses {
            let address = try ListenAddress(parsing: text)
            for bound in try server.listen(on: address) {
                log.notice("listening", ["ADDRESS": bound, "URL": "http://\(bound)/", "HTTP_THREADS": "\(server.shards.count)"])
            }
        }
        if server.addresses.isEmpty { log.warning("no listen address (empty Listen= and no socket from systemd): HTTP is off") }
    }

    /// `HTTPThreads=`, where 0 means one per CPU the process may run on, at most 8 (more threads
    /// than CPUs only interleave).
    static func threads(_ configured: Int) -> Int {
        configured > 0 ? configured : min(8, max(1, ProcessMetrics.allowedCPUs() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }

    static func settings(_ configuration: Configuration) throws -> HTTPService.Settings {
        let d = configuration.daemon
        let token = try d.bearerTokenFile.map { path throws(DaemonError) in try BearerToken.load(path: path) }
        return HTTPService.Settings(channelNames: configuration.channels.map(\.name), allowOrigin: d.allowOrigin,
                                    token: token, maxSSEClients: d.maxSSEClients, pushInterval: d.pushInterval)
    }

    func start() {
        server.start()
        queue.sync { service.start() }
    }

    // MARK: LiveSink (called on the engine queue)

    func restored(pushSequence: UInt64) {
        hub.restore(lastSequence: pushSequence)
    }

    func push(_ batch: [PushedNotification]) {
        queue.async { [hub] in hub.publish(batch, now: SystemClock.monotonicSeconds()) }
    }

    func reloaded(_ configuration: Configuration) {
        do {
            let settings = try Self.settings(configuration)
            queue.async { [service] in service.update(settings) }
        } catch {
            log.error("HTTP settings not reloaded; keeping the old ones", ["ERROR": "\(error)"])
        }
    }
}
