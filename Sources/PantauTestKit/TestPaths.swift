import Foundation
import PantauSystem

/// Paths the daemon tests need: the repository, the shared corpora, the built binary, and a
/// scratch directory outside /tmp (a systemd under test empties /tmp).
package enum TestPaths {
    package static let repository: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    package static let shared: URL = repository.deletingLastPathComponent().appendingPathComponent("shared")
    package static let helpdeskEvents: URL = shared.appendingPathComponent("corpora/helpdesk/events.jsonl")
    package static let defaultConfiguration: URL = repository.appendingPathComponent("Config/pantau.conf")

    /// The `pantau` executable of the build the tests run from: next to the test executable
    /// (whatever `--scratch-path` built it), so a test never runs a stale binary of another build.
    package static var binary: URL {
        // PANTAU_TEST_BINARY runs the suites against another build (e.g. an older release, to
        // show that a regression test fails there).
        if let other = ProcessInfo.processInfo.environment["PANTAU_TEST_BINARY"], !other.isEmpty {
            return URL(fileURLWithPath: other)
        }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("pantau")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/pantau")
    }

    /// A fresh directory under the repository's `.build/test-scratch`, removed by the caller.
    package static func scratch(_ name: String) throws -> URL {
        let dir = repository.appendingPathComponent(".build/test-scratch/\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
