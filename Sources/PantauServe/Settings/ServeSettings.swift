import Foundation
import PantauCore
import PantauHTTPServer
import PantauSystem

/// The configuration as `serve` runs it: the file (with drop-ins) and the command-line overrides,
/// resolved once, here. Each service takes its slice (`engine`, `endpoints`, `server`); a reload
/// resolves a new value the same way, and `restartOnly(_:)` names what it cannot change live.
package struct ServeSettings: Sendable {
    package let options: ServeOptions
    /// The configuration with the overrides applied.
    package let configuration: Configuration
    /// `BearerTokenFile=`'s secret, read at resolution (so a reload rereads it).
    let token: BearerToken?

    /// Loads the configuration at `options.configurationPath`, applies the overrides and reads the
    /// token file. Errors name file and line (the token file: its path).
    package static func load(_ options: ServeOptions) -> Result<ServeSettings, ConfigurationErrors> {
        switch ConfigurationLoader.load(path: options.configurationPath) {
        case .failure(let errors): return .failure(errors)
        case .success(let configuration):
            do {
                return .success(try ServeSettings(configuration: configuration, options: options))
            } catch {
                let file = configuration.daemon.bearerTokenFile ?? options.configurationPath
                return .failure(ConfigurationErrors([ConfigurationError(file: file, line: 0, message: error.description)]))
            }
        }
    }

    /// Applies the overrides of `options` to `configuration`.
    package init(configuration: Configuration, options: ServeOptions) throws(ServeError) {
        var resolved = configuration
        if let spool = options.spool { resolved.daemon.spool = spool }
        if let state = options.state { resolved.daemon.state = state }
        if let listen = options.listen { resolved.daemon.listen = listen }
        self.options = options
        self.configuration = resolved
        token = try resolved.daemon.bearerTokenFile.map { path throws(ServeError) in try BearerToken.load(path: path) }
    }

    private init(options: ServeOptions, configuration: Configuration, token: BearerToken?) {
        self.options = options
        self.configuration = configuration
        self.token = token
    }

    var daemon: DaemonSettings { configuration.daemon }

    /// The engine's settings (channels, calendars, targets), in the process's time zone by default.
    var engine: EngineSettings { EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current) }

    /// The endpoints' slice: what a reload changes in HTTP.
    var endpoints: Endpoints.Settings {
        Endpoints.Settings(channelNames: configuration.channels.map(\.name), allowOrigin: daemon.allowOrigin,
                           token: token, maxSSEClients: daemon.maxSSEClients)
    }

    /// The server's limits as configured (before the descriptor budget clamps `maxConnections`).
    var serverLimits: HTTPServerLimits {
        var limits = HTTPServerLimits()
        limits.maxConnections = daemon.maxConnections
        limits.maxHeaderBytes = daemon.maxHeaderBytes
        limits.maxTargetBytes = min(8 * 1024, daemon.maxHeaderBytes)
        limits.headerTimeout = Double(daemon.headerTimeout.nanoseconds) / 1e9
        limits.idleTimeout = Double(daemon.idleTimeout.nanoseconds) / 1e9
        limits.maxStreamPendingBytes = daemon.maxSSEBuffer
        return limits
    }

    /// The keys that only a restart changes, with the value kept: `Spool=`, `State=`, `Listen=`,
    /// `HTTPThreads=`, the connection limits and timeouts, `EventHistory=`.
    package func restartOnly(_ next: ServeSettings) -> [String] {
        let a = daemon, b = next.daemon
        var keys: [String] = []
        if a.spool != b.spool { keys.append("Spool=") }
        if a.state != b.state { keys.append("State=") }
        if a.listen != b.listen { keys.append("Listen=") }
        if a.httpThreads != b.httpThreads { keys.append("HTTPThreads=") }
        if a.maxConnections != b.maxConnections { keys.append("MaxConnections=") }
        if a.maxHeaderBytes != b.maxHeaderBytes { keys.append("MaxHeaderBytes=") }
        if a.headerTimeout != b.headerTimeout { keys.append("HeaderTimeout=") }
        if a.idleTimeout != b.idleTimeout { keys.append("IdleTimeout=") }
        if a.maxSSEBuffer != b.maxSSEBuffer { keys.append("MaxSSEBuffer=") }
        if a.eventHistory != b.eventHistory { keys.append("EventHistory=") }
        return keys
    }

    /// `next` with the restart-only keys kept as they are here: what a reload applies.
    package func reloaded(_ next: ServeSettings) -> ServeSettings {
        var merged = next.configuration
        let a = daemon
        merged.daemon.spool = a.spool
        merged.daemon.state = a.state
        merged.daemon.listen = a.listen
        merged.daemon.httpThreads = a.httpThreads
        merged.daemon.maxConnections = a.maxConnections
        merged.daemon.maxHeaderBytes = a.maxHeaderBytes
        merged.daemon.headerTimeout = a.headerTimeout
        merged.daemon.idleTimeout = a.idleTimeout
        merged.daemon.maxSSEBuffer = a.maxSSEBuffer
        merged.daemon.eventHistory = a.eventHistory
        return ServeSettings(options: next.options, configuration: merged, token: next.token)
    }
}
