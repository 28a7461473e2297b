import Glibc

/// SIGTERM, SIGINT and SIGHUP for `serve`, never lost whenever they arrive.
///
/// `block()` runs first thing in the process, before any thread exists, so every thread inherits
/// a mask with the three blocked: from then on a signal stays pending until it is taken, instead
/// of meeting a moment with no handler (one SIGINT in about 145 was lost so with handlers set up
/// during start-up). `ServiceGroup.run` takes them with `wait`. (libdispatch parks the main
/// thread in `sigsuspend` with an empty mask, where a SIGTERM would take the default action and
/// kill the process without its final checkpoint: the main thread never parks in `dispatchMain`.)
package enum TerminationSignals {
    package static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    private static var mask: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        return set
    }

    /// Blocks the signals in the calling thread (and every thread it starts later).
    package static func block() {
        var set = mask
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Takes one pending signal, waiting at most `milliseconds`; nil when none came.
    package static func wait(milliseconds: Int) -> Int32? {
        var set = mask
        var timeout = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        let received = sigtimedwait(&set, nil, &timeout)
        return received > 0 ? received : nil
    }

    /// "TERM", "INT", "HUP".
    package static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGTERM: "TERM"
        case SIGINT: "INT"
        case SIGHUP: "HUP"
        default: "\(signal)"
        }
    }
}
