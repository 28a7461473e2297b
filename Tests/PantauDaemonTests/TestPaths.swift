import Foundation

/// Paths the daemon tests need: the repository, the shared corpora, the built binary, and a
/// scratch directory outside /tmp (a systemd under test empties /tmp).
enum TestPaths {
    static let repository: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared: URL = repository.deletingLastPathComponent().appendingPathComponent("shared")
    static let helpdeskEvents: URL = shared.appendingPathComponent("corpora/helpdesk/events.jsonl")
    static let defaultConfiguration: URL = repository.appendingPathComponent("Config/pantau.conf")

    /// The `pantau` executable of the build the tests run from.
    static var binary: URL {
        let bundle = Bundle.main.bundleURL
        for dir in [bundle.deletingLastPathComponent(), bundle.deletingLastPathComponent().deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("pantau")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repository.appendingPathComponent(".build/debug/pantau")
    }

    /// A fresh directory under the repository's `.build/test-scratch`, removed by the caller.
    static func scratch(_ name: String) throws -> URL {
        let dir = repository.appendingPathComponent(".build/test-scratch/\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
