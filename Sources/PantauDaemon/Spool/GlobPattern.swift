import Glibc

/// A shell glob on file names (`Pattern=`, default `*.jsonl`), matched with fnmatch(3).
struct GlobPattern: Sendable {
    let pattern: String

    func matches(_ name: String) -> Bool {
        fnmatch(pattern, name, FNM_PERIOD) == 0
    }
}
