import PantauCore
import PantauServe
import PantauSystem

/// Feeds lines from several files to a parser and an engine in the merge order of SPEC §4:
/// the next line applied is the one with the smallest `ts` among the files' next lines; a line
/// without a valid `ts` goes first; ties go to the earlier source in the given order.
/// For the figures only: the engine decides breaches and warnings but reports none. Rejected
/// lines are remembered (the first `keptRejections`) with their source and line number.
final class MergedLineFeed {
    /// A rejected line: which source (index), which line (from 1), why.
    struct Rejection: Equatable {
        var source: Int
        var line: Int
        var reason: RejectReason
    }

    private let readers: [LineReader]
    private var heads: [ParseOutcome?]
    private var headLines: [Int]
    private var lineCounts: [Int]
    private var exhausted: [Bool]
    private var parser: EventParser
    /// How many rejections `firstRejections` keeps.
    var keptRejections = 20
    private(set) var firstRejections: [Rejection] = []

    init(readers: [LineReader], parser: EventParser) {
        self.readers = readers
        self.heads = Array(repeating: nil, count: readers.count)
        self.headLines = Array(repeating: 0, count: readers.count)
        self.lineCounts = Array(repeating: 0, count: readers.count)
        self.exhausted = Array(repeating: false, count: readers.count)
        self.parser = parser
    }

    /// Reads, merges and applies every complete line; returns the number of lines handled.
    @discardableResult
    func run(into engine: inout SLAEngine) throws -> Int {
        if readers.count == 1 { return try runSingle(readers[0], into: &engine) }
        var lines = 0
        // The one k-way merge (`LineMerge`): ties go to the earlier source. The first source stays
        // in the merge while it is read: its next line replaces it in one sift.
        var merge = LineMerge<Int, Int>()
        for i in readers.indices {
            if let key = try readHead(i) { merge.push(i, timestamp: key, tie: i) }
        }
        while let i = merge.first {
            guard let head = heads[i] else { break }
            heads[i] = nil
            feed(head, into: &engine, source: i, line: headLines[i])
            lines += 1
            if let key = try readHead(i) { merge.replaceFirst(i, timestamp: key, tie: i) } else { _ = merge.popFirst() }
        }
        return lines
    }

    /// Reads source `i`'s next line into `heads[i]`; its merge key (`ts`, or `Int64.min` for a
    /// rejected line), nil at its end.
    private func readHead(_ i: Int) throws -> Int64? {
        guard !exhausted[i] else { return nil }
        var outcome: ParseOutcome?
        guard try readers[i].next({ line in outcome = MergedLineFeed.parse(line, with: &parser) }), let outcome else {
            exhausted[i] = true
            return nil
        }
        heads[i] = outcome
        lineCounts[i] += 1
        headLines[i] = lineCounts[i]
        if case .event(let e) = outcome { return e.timestamp.nanoseconds }
        return Int64.min
    }

    private func runSingle(_ reader: LineReader, into engine: inout SLAEngine) throws -> Int {
        // A local parser: a class property would pay a dynamic exclusivity check on every line.
        var parser = self.parser
        var lines = 0
        // The parsed event borrows its ticket id from the reader's buffer: no `String` per line.
        while try reader.next({ line in
            let number = lines + 1
            switch line {
            case .tooLong:
                engine.recordRejection(.lineTooLong)
                note(.lineTooLong, source: 0, line: number)
            case .bytes(let bytes):
                parser.parse(bytes) { parsed in
                    switch parsed {
                    case .rejected(let reason):
                        engine.recordRejection(reason)
                        note(reason, source: 0, line: number)
                    case .event(let event):
                        if case .rejected(let reason) = engine.apply(event) { note(reason, source: 0, line: number) }
                    }
                }
            }
        }) { lines += 1 }
        self.parser = parser
        return lines
    }

    private static func parse(_ line: LineReader.Line, with parser: inout EventParser) -> ParseOutcome {
        switch line {
        case .tooLong: return .rejected(.lineTooLong)
        case .bytes(let bytes): return parser.parse(bytes)
        }
    }

    private func feed(_ outcome: ParseOutcome, into engine: inout SLAEngine, source: Int, line: Int) {
        switch outcome {
        case .rejected(let reason):
            engine.recordRejection(reason)
            note(reason, source: source, line: line)
        case .event(let event):
            if case .rejected(let reason) = event.withView({ engine.apply($0) }) { note(reason, source: source, line: line) }
        }
    }

    @inline(__always)
    private func note(_ reason: RejectReason, source: Int, line: Int) {
        guard firstRejections.count < keptRejections else { return }
        firstRejections.append(Rejection(source: source, line: line, reason: reason))
    }
}
