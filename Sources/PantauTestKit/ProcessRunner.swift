import Foundation
import Glibc
import PantauSystem

/// Runs a program to completion and captures its output (for tests of the real `pantau`).
/// Output goes through files, so a large output can never block the child on a full pipe.
package struct ProcessRunner {
    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// With `timeout`, a child still running after that many seconds is killed (SIGKILL) and its
    /// status is then the signal's.
    package static func run(_ executable: URL, _ arguments: [String], timeout: Double? = nil) throws -> Result {
        let dir = try TestPaths.scratch("process")
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        let p = try ChildProcess(executable.path, arguments, output: outURL.path, error: errURL.path)
        if let timeout, !p.wait(seconds: timeout) { p.send(SIGKILL) }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}
