import Foundation
import PantauCore
import PantauSystem
import Synchronization

/// `pantau serve` as a group of services: the engine (restores, then follows the spool), then
/// HTTP; stopped in reverse (HTTP stops accepting and ends the streams, then the engine writes
/// its final checkpoint). It owns the resolved settings and applies a reload: a new
/// `ServeSettings` resolved as at start, the restart-only keys kept (with a warning), the engine's
/// slice first (it may refuse), then HTTP's.
package final class ServeRuntime: Sendable {
    package let log: Logger
    package let engine: EngineService
    package let http: HTTPService
    package let group: ServiceGroup
    /// The settings in force; held for the whole of a reload, so reloads never interleave.
    private let current: Mutex<ServeSettings>
    /// systemd (or a recorder in tests): reloading, ready again, stopping.
    let notifier: any ServiceManagerNotifier

    /// Builds the services (binds the listeners: an error names the address). `clock` and `drive`
    /// are the system's for the daemon; tests pass a manual clock and `.manual`.
    package init(settings: ServeSettings, clock: any Clock = SystemClock(), drive: EngineService.Drive = .timers,
                 log: Logger? = nil, notifier: any ServiceManagerNotifier = SystemdNotifier()) throws {
        let log = log ?? ServeRuntime.standardLogger(settings.options.logLevel)
        self.log = log
        self.notifier = notifier
        current = Mutex(settings)
        let bootID = Self.makeBootID()
        let board = LiveBoard(initial: SLAEngine(settings: settings.engine).snapshot())
        http = try HTTPService(settings: settings, board: board, bootID: bootID, clock: clock, log: log)
        engine = EngineService(settings: settings, board: board, sink: http, bootID: bootID, clock: clock, log: log,
                               notifier: notifier, drive: drive)
        group = ServiceGroup([engine, http], log: log)
    }

    /// Starts, takes signals until SIGTERM or SIGINT, stops; the exit status.
    package func run() -> Int32 {
        group.run(reload: { [self] in reload() }, stopping: { [self] in notifier.notify("STOPPING=1") })
    }

    /// The journal's native protocol when stderr is the journal (`JOURNAL_STREAM`), escaped lines
    /// on stderr otherwise.
    package static func standardLogger(_ minimum: Logger.Level) -> Logger {
        JournalLogSink.stderrIsTheJournal() ? Logger(minimum: minimum, sink: JournalLogSink()) : Logger(minimum: minimum)
    }

    /// Rereads the configuration and applies it (SIGHUP). Returns whether it took effect.
    @discardableResult
    package func reload() -> Bool {
        // systemd's CLOCK_MONOTONIC, whatever clock the runtime runs on.
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemClock().monotonicNanoseconds() / 1000)")
        let applied = current.withLock { settings in reload(&settings) }
        // Ready again either way: a refused configuration leaves the old one running.
        notifier.notify("READY=1\nSTATUS=\(applied ? "configuration reloaded" : "reload refused; running on the old configuration"): \(engine.currentStatus())")
        return applied
    }

    private func reload(_ settings: inout ServeSettings) -> Bool {
        log.notice("reloading configuration", ["CONFIG": settings.options.configurationPath])
        switch ServeSettings.load(settings.options) {
        case .failure(let errors):
            for e in errors.errors {
                log.error("configuration error; keeping the old configuration", ["ERROR": e.description], kind: .reloadRefused)
            }
            return false
        case .success(let loaded):
            let kept = settings.restartOnly(loaded)
            if !kept.isEmpty {
                log.warning("changes to \(kept.joined(separator: ", ")) take effect at the next restart")
            }
            let next = settings.reloaded(loaded)
            guard engine.reconfigure(next) else {
                log.error("configuration changes the channel list or drops a calendar that running cycles use; that needs a restart. Keeping the old configuration",
                          kind: .reloadRefused)
                return false
            }
            http.update(next)
            settings = next
            log.notice("configuration reloaded", ["CHANNELS": next.configuration.channels.map(\.name).joined(separator: ",")], kind: .reload)
            return true
        }
    }

    private static func makeBootID() -> String {
        // Distinct per start: SSE ids are BOOT-SEQ, so a client can tell a restart from a gap.
        var generator = SystemRandomNumberGenerator()
        let hex = String(generator.next() & 0xFFFF_FFFF, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
