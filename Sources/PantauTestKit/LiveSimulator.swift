import Foundation
import Glibc

/// `pantau simulate --spool DIR` in the background, feeding a daemon under test live traffic; killed
/// (SIGKILL: children inherit the test process's blocked SIGTERM) when dropped.
package final class LiveSimulator {
    private let process = Process()

    package init(spool: URL, rate: String = "600/min", duration: String = "2min", seed: Int = 1) throws {
        process.executableURL = TestPaths.binary
        process.arguments = ["simulate", "--spool", spool.path, "--rate", rate, "--duration", duration, "--seed", String(seed)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
