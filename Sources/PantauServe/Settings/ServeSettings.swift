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
                           peerOrigins: configuration.wallboard.servers, token: token, maxSSEClients: daemon.maxSSEClients,
                           wallboard: WallboardConfigRenderer.render(configuration, version: PantauVersion.string,
                                                                     timeZone: daemon.timeZone ?? TimeZone.current.identifier))
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

    /// A `[Daemon]` key only a restart changes: its name, whether two settings differ in it, and
    /// how to carry the running value over into a reloaded one.
    private struct RestartOnlyKey {
        let name: String
        let differs: (DaemonSettings, DaemonSettings) -> Bool
        let keep: (inout DaemonSettings, DaemonSettings) -> Void

        init<V: Equatable>(_ name: String, _ key: WritableKeyPath<DaemonSettings, V>) {
            self.name = name
            differs = { $0[keyPath: key] != $1[keyPath: key] }
            keep = { $0[keyPath: key] = $1[keyPath: key] }
        }
    }

    /// `Spool=`, `State=`, `Listen=`, `HTTPThreads=`, the connection limits and timeouts,
    /// `EventHistory=`: the one list both `restartOnly` and `reloaded` read.
    private static var restartOnlyKeys: [RestartOnlyKey] { [
        RestartOnlyKey("Spool=", \.spool), RestartOnlyKey("State=", \.state), RestartOnlyKey("Listen=", \.listen),
        RestartOnlyKey("HTTPThreads=", \.httpThreads), RestartOnlyKey("MaxConnections=", \.maxConnections),
        RestartOnlyKey("MaxHeaderBytes=", \.maxHeaderBytes), RestartOnlyKey("HeaderTimeout=", \.headerTimeout),
        RestartOnlyKey("IdleTimeout=", \.idleTimeout), RestartOnlyKey("MaxSSEBuffer=", \.maxSSEBuffer),
        RestartOnlyKey("EventHistory=", \.eventHistory),
    ] }

    /// The keys that only a restart changes and that `next` changes.
    package func restartOnly(_ next: ServeSettings) -> [String] {
        Self.restartOnlyKeys.filter { $0.differs(daemon, next.daemon) }.map(\.name)
    }

    /// `next` with the restart-only keys kept as they are here: what a reload applies.
    package func reloaded(_ next: ServeSettings) -> ServeSettings {
        var merged = next.configuration
        for key in Self.restartOnlyKeys { key.keep(&merged.daemon, daemon) }
        return ServeSettings(options: next.options, configuration: merged, token: next.token)
    }
}
