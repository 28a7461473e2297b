import Dispatch
import Glibc
import Synchronization

/// SIGTERM, SIGINT and SIGHUP for `serve`, never lost whenever they arrive.
///
/// `block()` runs first thing in the process, before any thread exists, so every thread inherits
/// a mask with the three blocked: from then on a signal stays pending until it is taken, instead
/// of meeting a moment with no handler (SIG_IGN set, a Dispatch source not yet armed: one SIGINT
/// in about 145 was lost so). The main thread then takes them with `sigwait` for good
/// (`waitForever`) and hands each to the handler's queue. It does not park in `dispatchMain()`:
/// libdispatch parks the main thread in `sigsuspend` with an empty mask, where a SIGTERM would
/// take the default action and kill the process without its final checkpoint.
enum TerminationSignals {
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    private struct Handler: Sendable {
        let queue: DispatchQueue
        let body: @Sendable (Int32) -> Void
    }

    private static let handler = Mutex<Handler?>(nil)
    /// Signals taken before a handler was set, in order.
    private static let early = Mutex<[Int32]>([])

    private static var mask: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        return set
    }

    /// Blocks the signals in the calling thread (and every thread it starts later).
    static func block() {
        var set = mask
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Sets what is done with each signal (on `queue`); signals taken earlier are handed over now.
    static func handle(on queue: DispatchQueue, _ body: @escaping @Sendable (Int32) -> Void) {
        let pending = early.withLock { list in
            defer { list = [] }
            return list
        }
        handler.withLock { $0 = Handler(queue: queue, body: body) }
        for signal in pending { queue.async { body(signal) } }
    }

    /// Takes the signals on the calling thread (the main thread, at the end of start-up) until
    /// the process exits.
    static func waitForever() -> Never {
        var set = mask
        while true {
            var received: Int32 = 0
            guard sigwait(&set, &received) == 0 else { continue }
            let signal = received
            let current = handler.withLock { h -> Handler? in
                if h == nil { early.withLock { $0.append(signal) } }
                return h
            }
            if let current { current.queue.async { current.body(signal) } }
        }
    }
}
