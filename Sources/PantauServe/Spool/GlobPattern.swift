import Glibc
import PantauSystem

/// A shell glob on file names (`Pattern=`, default `*.jsonl`), matched with fnmatch(3) on the
/// name's bytes (names need not be UTF-8; fnmatch compares bytes in the C locale).
struct GlobPattern: Sendable {
    let pattern: String

    func matches(_ name: [UInt8]) -> Bool {
        (name + [0]).withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { fnmatch(pattern, $0.baseAddress!, FNM_PERIOD) == 0 }
        }
    }

    func matches(_ name: String) -> Bool { matches(Array(name.utf8)) }
}
