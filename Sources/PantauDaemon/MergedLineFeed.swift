import PantauCore

/// Feeds lines from several files to a parser and an engine in the merge order of SPEC §4:
/// the next line applied is the one with the smallest `ts` among the files' next lines; a line
/// without a valid `ts` goes first; ties go to the earlier source in the given order.
/// For the figures only: the engine decides breaches and warnings but reports none.
final class MergedLineFeed {
    private let readers: [LineReader]
    private var heads: [ParseOutcome?]
    private var exhausted: [Bool]
    private var parser: EventParser

    init(readers: [LineReader], parser: EventParser) {
        self.readers = readers
        self.heads = Array(repeating: nil, count: readers.count)
        self.exhausted = Array(repeating: false, count: readers.count)
        self.parser = parser
    }

    /// Reads, merges and applies every complete line; returns the number of lines handled.
    @discardableResult
    func run(into engine: inout SLAEngine) throws -> Int {
        if readers.count == 1 { return try runSingle(readers[0], into: &engine) }
        var lines = 0
        while true {
            for i in readers.indices where heads[i] == nil && !exhausted[i] {
                var outcome: ParseOutcome?
                let more = try readers[i].next { line in outcome = MergedLineFeed.parse(line, with: &parser) }
                if more { heads[i] = outcome } else { exhausted[i] = true }
            }
            var best = -1
            var bestKey = Int64.max
            for i in heads.indices {
                guard let head = heads[i] else { continue }
                let key: Int64
                if case .event(let e) = head { key = e.timestamp.nanoseconds } else { key = Int64.min }
                if best < 0 || key < bestKey { best = i; bestKey = key }
            }
            guard best >= 0, let head = heads[best] else { return lines }
            heads[best] = nil
            feed(head, into: &engine)
            lines += 1
        }
    }

    private func runSingle(_ reader: LineReader, into engine: inout SLAEngine) throws -> Int {
        // A local parser: a class property would pay a dynamic exclusivity check on every line.
        var parser = self.parser
        var lines = 0
        // The parsed event borrows its ticket id from the reader's buffer: no `String` per line.
        while try reader.next({ line in
            switch line {
            case .tooLong: engine.recordRejection(.lineTooLong)
            case .bytes(let bytes):
                parser.parse(bytes) { parsed in
                    switch parsed {
                    case .rejected(let reason): engine.recordRejection(reason)
                    case .event(let event): _ = engine.apply(event)
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

    private func feed(_ outcome: ParseOutcome, into engine: inout SLAEngine) {
        switch outcome {
        case .rejected(let reason): engine.recordRejection(reason)
        case .event(let event): _ = event.withView { engine.apply($0) }
        }
    }
}
