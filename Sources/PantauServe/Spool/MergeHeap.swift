import PantauCore
import PantauSystem

/// The spool files whose next line is parsed, ordered for the merge of SPEC §4: the smallest `ts`
/// first (a line without a valid `ts` before every other), ties to the file with the older
/// modification time, then the smaller name. A binary heap, kept across polls, so a poll costs
/// O(log files) per line whatever the number of files. Keys are taken when a file is pushed; an
/// entry whose file has since got another head (`headGeneration`) is dropped when it surfaces.
struct MergeHeap {
    struct Key: Comparable {
        var timestamp: Int64
        var modificationTime: Int64
        var path: BytePath

        static func < (a: Key, b: Key) -> Bool {
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            if a.modificationTime != b.modificationTime { return a.modificationTime < b.modificationTime }
            return a.path < b.path
        }
    }

    private struct Entry {
        var key: Key
        var generation: UInt64
        var file: TailedFile
    }

    private var entries: [Entry] = []

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Adds `file`, whose `head` is set.
    mutating func push(_ file: TailedFile) {
        let timestamp: Int64
        if case .event(let e) = file.head { timestamp = e.timestamp.nanoseconds } else { timestamp = .min }
        entries.append(Entry(key: Key(timestamp: timestamp, modificationTime: file.modificationTime, path: file.path),
                             generation: file.headGeneration, file: file))
        siftUp(entries.count - 1)
    }

    /// Removes and returns the first file whose entry is still current (its head unchanged).
    mutating func popCurrent() -> TailedFile? {
        while let entry = popFirst() {
            if entry.file.head != nil && entry.generation == entry.file.headGeneration { return entry.file }
        }
        return nil
    }

    /// Every file in the heap (any order).
    var files: [TailedFile] { entries.map(\.file) }

    private mutating func siftUp(_ index: Int) {
        var i = index
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].key < entries[parent].key else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        let first = entries[0]
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < entries.count && entries[l].key < entries[smallest].key { smallest = l }
            if r < entries.count && entries[r].key < entries[smallest].key { smallest = r }
            if smallest == i { break }
            entries.swapAt(i, smallest)
            i = smallest
        }
        return first
    }
}
