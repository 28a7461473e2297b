import Foundation
import Glibc

/// `pantau simulate --spool DIR` in the background, feeding a daemon under test live traffic; killed
/// when dropped.
package final class LiveSimulator {
    private let process: ChildProcess

    package init(spool: URL, rate: String = "600/min", duration: String = "2min", seed: Int = 1) throws {
        process = try ChildProcess(TestPaths.binary.path,
                                   ["simulate", "--spool", spool.path, "--rate", rate, "--duration", duration, "--seed", String(seed)])
    }

    deinit { process.kill9() }
}
