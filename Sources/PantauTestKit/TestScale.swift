import Foundation

/// How much of the randomised and bulk end-to-end work a run does: 1 in `make test` (the suite
/// stays under a minute of tests), more in `make soak` (`PANTAU_TEST_SCALE`, default there 5).
package enum TestScale {
    package static let factor = max(1, Int(ProcessInfo.processInfo.environment["PANTAU_TEST_SCALE"] ?? "") ?? 1)
}
