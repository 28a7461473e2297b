import Glibc

/// The one funnel for system calls (after NIO's `System.swift`): retries `EINTR`, reports
/// `EAGAIN` as `.wouldBlock` where the caller expects it, and turns every other -1 into a typed
/// error naming the call. Every file and socket call of the shell goes through it.
package enum SystemCall {
    /// A failed call and its errno.
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package let call: String
        package let code: Int32
        package init(call: String, code: Int32) {
            self.call = call
            self.code = code
        }
        package var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// What a non-blocking call did.
    package enum IOResult<T: Sendable>: Sendable {
        case processed(T)
        case wouldBlock
    }

    /// Runs `body` until it does not fail with EINTR; throws on any other failure.
    @discardableResult @inline(__always)
    package static func retrying<T: BinaryInteger>(_ call: @autoclosure () -> String, _ body: () -> T) throws(Failure) -> T {
        while true {
            let r = body()
            if r >= 0 { return r }
            let e = errno
            if e == EINTR { continue }
            throw Failure(call: call(), code: e)
        }
    }

    /// `retrying` for a non-blocking descriptor: `EAGAIN`/`EWOULDBLOCK` is `.wouldBlock`.
    @inline(__always)
    package static func nonBlocking<T: BinaryInteger & Sendable>(_ call: @autoclosure () -> String, _ body: () -> T) throws(Failure) -> IOResult<T> {
        while true {
            let r = body()
            if r >= 0 { return .processed(r) }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .wouldBlock }
            throw Failure(call: call(), code: e)
        }
    }

    /// `close(2)`. On Linux the descriptor is released even when close reports EINTR, so it is
    /// never retried (a retry could close a descriptor another thread just opened).
    package static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
