import Foundation
import Glibc
import CTestKitStartup

/// A program started with `posix_spawn`, for tests that run real programs (pantau, promtool,
/// Prometheus, nginx, systemd). Foundation's `Process` is not used: on Linux (Swift 6.3.1) its
/// `run()` lists /proc/self/fd with an over-read that can crash a test process holding thousands of
/// descriptors (swift-corelibs-foundation PR #5472).
///
/// The child gets only descriptors 0-2 (the rest are closed in it, so it never holds a test's
/// sockets open), an empty signal mask and default dispositions for the signals tests send (the test
/// process blocks SIGTERM and ignores SIGPIPE; without this its children would inherit both).
package final class ChildProcess: @unchecked Sendable {
    package enum Termination: Equatable, Sendable {
        case exit(Int32)
        case signal(Int32)
    }

    package let pid: pid_t
    private let lock = NSLock()
    private var ended: Termination?

    /// Starts `executable` (a path) with `arguments`. Standard output and error are appended to
    /// `output` (both to the same file) or go to /dev/null; standard input is `input` or /dev/null.
    /// `environment` replaces the test process's when given.
    package init(_ executable: String, _ arguments: [String], output: String? = nil, error: String? = nil,
                 input: String? = nil, environment: [String: String]? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let error {
            posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        _ = pantau_test_kit_spawn_close_from(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcess.resetSignals(&attributes)

        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var envp: [UnsafeMutablePointer<CChar>?]? = environment.map { env in env.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for p in envp ?? [] { free(p) } }
        var child: pid_t = 0
        let rc: Int32
        if envp != nil {
            rc = posix_spawn(&child, executable, &actions, &attributes, &argv, &envp!)
        } else {
            rc = posix_spawn(&child, executable, &actions, &attributes, &argv, environ)
        }
        guard rc == 0 else { throw ChildProcessError("posix_spawn \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// Spawn attributes for a child with an empty signal mask and default dispositions for the
    /// signals tests send or ignore (the test process blocks SIGTERM and ignores SIGPIPE).
    package static func resetSignals(_ attributes: inout posix_spawnattr_t) {
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    }

    /// Whether the child still runs (reaps it when it has ended).
    package var isRunning: Bool { reap(block: false) == nil }

    /// Waits for the child to end and returns how.
    @discardableResult
    package func waitUntilExit() -> Termination { reap(block: true)! }

    /// Waits up to `seconds`; true when the child ended.
    package func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    /// The exit status, or the signal number when a signal ended it (as Foundation's
    /// `terminationStatus`); waits for the end.
    package var terminationStatus: Int32 {
        switch waitUntilExit() {
        case .exit(let status), .signal(let status): return status
        }
    }

    /// Sends `signal` unless the child has already been reaped (its PID may be reused by then).
    package func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if ended == nil { kill(pid, signal) }
    }

    /// SIGKILL and the wait, when still running.
    package func kill9() {
        send(SIGKILL)
        waitUntilExit()
    }

    deinit {
        if ended == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// Blocking waits happen outside the lock (`waitid` with WNOWAIT leaves the child unreaped), so
    /// another thread may still `send` a signal while one waits.
    private func reap(block: Bool) -> Termination? {
        if block {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        }
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &status, WNOHANG) } while rc < 0 && errno == EINTR
        if rc < 0 && errno == ECHILD {
            // Reaped elsewhere (nothing in the test kit does): ended, how is unknown.
            ended = .exit(-1)
            return ended
        }
        guard rc == pid else { return nil }
        let low = status & 0x7f
        ended = low == 0 ? .exit((status >> 8) & 0xff) : .signal(low)
        return ended
    }
}
