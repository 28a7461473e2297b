import Dispatch
import Glibc
import Synchronization

/// Starts services in order, stops them in reverse and owns the process's signals: SIGTERM and
/// SIGINT stop the group, SIGHUP runs `reload`. `run` is the one place that waits for signals,
/// and the exit status it returns is the one `main` exits with: 0 after a clean stop, 1 when a
/// start or a stop failed.
///
/// Signals are blocked in every thread (`TerminationSignals.block()`, first thing in `main`) and
/// taken by `run` with `sigtimedwait` only after every service has started, so a signal during
/// start-up waits until the group is whole (no handler ever meets a half-built service). A second
/// SIGTERM or SIGINT while the group stops is logged and otherwise ignored: the stop goes on to
/// its final checkpoint (send SIGKILL to give it up). A SIGHUP during the stop is ignored.
package final class ServiceGroup: Sendable {
    private let services: [any Service]
    private let log: Logger
    /// Where reloads run, one at a time, so the group keeps taking signals meanwhile.
    private let reloadQueue = DispatchQueue(label: "pantau.reload")
    private let started = Mutex<Int>(0)

    package init(_ services: [any Service], log: Logger) {
        self.services = services
        self.log = log
    }

    /// Starts every service in order. On a failure the ones started are stopped in reverse and
    /// the error is thrown.
    package func start() throws {
        for (index, service) in services.enumerated() {
            do {
                try service.start()
                started.withLock { $0 = index + 1 }
            } catch {
                log.error("\(service.name) failed to start; stopping", ["ERROR": "\(error)"])
                _ = stop()
                throw error
            }
        }
    }

    /// Stops the started services in reverse order; true when every stop was clean.
    @discardableResult
    package func stop() -> Bool {
        let count = started.withLock { n in
            defer { n = 0 }
            return n
        }
        var clean = true
        for service in services.prefix(count).reversed() {
            if !service.stop() {
                clean = false
                log.error("\(service.name) did not stop cleanly")
            }
        }
        return clean
    }

    /// Starts the group, takes signals until SIGTERM or SIGINT, running
    /// `reload` for each SIGHUP (one at a time, off this thread), stops the group and returns the
    /// exit status: 0 clean, 1 when a start or a stop failed. `stopping` runs once the stop is
    /// decided, before any service stops (systemd's `STOPPING=1`).
    package func run(reload: @escaping @Sendable () -> Void = {}, stopping: () -> Void = {}) -> Int32 {
        do { try start() } catch { return 1 }
        let signal = waitForStop(reload: reload)
        log.notice("stopping", ["SIGNAL": TerminationSignals.name(signal)])
        stopping()
        // The stop runs on its own thread, so this one goes on taking (and reporting) signals.
        let done = Atomic<Bool>(false)
        let clean = Atomic<Bool>(false)
        DetachedThread.start { [self] in
            clean.store(stop(), ordering: .relaxed)
            done.store(true, ordering: .releasing)
        }
        while !done.load(ordering: .acquiring) {
            if let again = TerminationSignals.wait(milliseconds: 100), again != SIGHUP {
                log.warning("already stopping; the stop goes on to its final checkpoint (SIGKILL gives it up)",
                            ["SIGNAL": TerminationSignals.name(again)])
            }
        }
        let ok = clean.load(ordering: .relaxed)
        log.notice(ok ? "stopped" : "stopped with a failure; exiting 1", kind: .stopped)
        return ok ? 0 : 1
    }

    private func waitForStop(reload: @escaping @Sendable () -> Void) -> Int32 {
        while true {
            guard let signal = TerminationSignals.wait(milliseconds: 200) else { continue }
            if signal == SIGHUP {
                reloadQueue.async(execute: reload)
                continue
            }
            return signal
        }
    }
}
