/// The one k-way merge of line sources by `ts` (SPEC §4): the spool tailer's files and replay's
/// input files. Each source is pushed with the timestamp of its next line (a line without one,
/// rejected, goes first: `Int64.min`) and a tie-break (`Tie`): the spool orders ties by file
/// modification time and name, replay by the order the files were given.
public struct LineMerge<Source, Tie: Comparable> {
    @usableFromInline struct Entry: HeapOrdered {
        @usableFromInline var timestamp: Int64
        @usableFromInline var tie: Tie
        @usableFromInline var source: Source

        @inlinable init(timestamp: Int64, tie: Tie, source: Source) {
            self.timestamp = timestamp
            self.tie = tie
            self.source = source
        }

        @inlinable static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.tie < b.tie
        }
    }

    @usableFromInline var heap = QuaternaryHeap<Entry>()

    @inlinable public init() {}

    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// Every source in the merge (any order).
    @inlinable public var sources: [Source] { heap.entries.map(\.source) }

    /// Adds `source`, whose next line has `timestamp`.
    @inlinable public mutating func push(_ source: Source, timestamp: Int64, tie: Tie) {
        heap.push(Entry(timestamp: timestamp, tie: tie, source: source))
    }

    /// The source whose next line comes first, left in the merge.
    @inlinable public var first: Source? { heap.first?.source }

    /// Puts the first source back with the timestamp of its next line (one sift instead of a pop
    /// and a push): the common case of a merge, where a source yields several lines in a row.
    @inlinable public mutating func replaceFirst(_ source: Source, timestamp: Int64, tie: Tie) {
        heap.replaceFirst(with: Entry(timestamp: timestamp, tie: tie, source: source))
    }

    /// Removes the source whose next line comes first.
    @inlinable public mutating func popFirst() -> Source? {
        heap.popFirst()?.source
    }
}
