import Glibc

/// The one funnel for system calls: retries EINTR and turns -1 into a typed error.
enum SystemCall {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String { "\(call): \(String(cString: strerror(errno)))" }
    }

    /// Runs `body` until it does not fail with EINTR; throws on any other failure.
    @discardableResult
    static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws -> T {
        while true {
            let r = body()
            if r >= 0 { return r }
            let e = Glibc.errno
            if e == EINTR { continue }
            throw Failure(call: call, errno: e)
        }
    }
}
