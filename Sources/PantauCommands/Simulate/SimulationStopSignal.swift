import Glibc
import PantauServe
import PantauSystem

/// SIGINT and SIGTERM for `pantau simulate`: the handler only raises a flag that the writing loop
/// reads between lines, so the current line is finished, buffers are written and the command exits 0.
/// Handlers are installed without `SA_RESTART`, so a sleep is cut short by the signal, and both
/// signals are unblocked (a parent may have started the process with them blocked).
enum SimulationStopSignal {
    /// Set to 1 by the handler. Written only as a whole `sig_atomic_t` (async-signal-safe).
    nonisolated(unsafe) static var requested: sig_atomic_t = 0

    /// The two handlers a run replaced, for `restore`.
    struct Saved {
        fileprivate var interrupt = sigaction()
        fileprivate var terminate = sigaction()
        fileprivate var mask = sigset_t()
    }

    /// Clears the flag and installs the handlers; returns the ones they replace.
    static func install() -> Saved {
        requested = 0  // initialises the global before any handler can run
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in SimulationStopSignal.requested = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var saved = Saved()
        sigaction(SIGINT, &action, &saved.interrupt)
        sigaction(SIGTERM, &action, &saved.terminate)
        // A parent may have started us with the signals blocked (the mask survives exec).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &saved.mask)
        return saved
    }

    /// Puts the replaced handlers back.
    static func restore(_ saved: Saved) {
        var s = saved
        sigaction(SIGINT, &s.interrupt, nil)
        sigaction(SIGTERM, &s.terminate, nil)
        pthread_sigmask(SIG_SETMASK, &s.mask, nil)
    }

    static var isRequested: Bool { requested != 0 }
}
