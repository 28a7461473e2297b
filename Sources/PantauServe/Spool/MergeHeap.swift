import PantauCore
import PantauSystem

/// The spool's files with a parsed head line, in merge order (SPEC §4: `ts`, then the file's
/// modification time, then its name) on the one `LineMerge`. An entry whose file's head changed
/// since it was pushed (`headGeneration`) is stale and skipped.
struct MergeHeap {
    struct Tie: Comparable {
        var modificationTime: Int64
        var path: BytePath

        static func < (a: Tie, b: Tie) -> Bool {
            if a.modificationTime != b.modificationTime { return a.modificationTime < b.modificationTime }
            return a.path < b.path
        }
    }

    private struct Pushed {
        var generation: UInt64
        var file: TailedFile
    }

    private var merge = LineMerge<Pushed, Tie>()

    var count: Int { merge.count }
    var isEmpty: Bool { merge.isEmpty }

    /// Adds `file`, whose `head` is set.
    mutating func push(_ file: TailedFile) {
        let timestamp: Int64
        if case .event(let e) = file.head { timestamp = e.timestamp.nanoseconds } else { timestamp = .min }
        merge.push(Pushed(generation: file.headGeneration, file: file), timestamp: timestamp,
                   tie: Tie(modificationTime: file.modificationTime, path: file.path))
    }

    /// Removes and returns the first file whose entry is still current (its head unchanged).
    mutating func popCurrent() -> TailedFile? {
        while let entry = merge.popFirst() {
            if entry.file.head != nil && entry.generation == entry.file.headGeneration { return entry.file }
        }
        return nil
    }

    /// Every file in the heap (any order).
    var files: [TailedFile] { merge.sources.map(\.file) }
}
