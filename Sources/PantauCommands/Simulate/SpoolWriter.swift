import Glibc
import PantauCore
import PantauSimulator
import PantauServe
import PantauSystem

/// Writes simulated lines into a spool directory for `pantau serve` (SPEC §4), the way real
/// producers do: appending to per-channel files (rotated by rename), dropping batch files through
/// `DIR/tmp/`, or both (`SpoolWriterMode`); or, with `oneStream`, everything in `ts` order into one
/// appended file `DIR/events.jsonl` with batch files only at rotation boundaries.
///
/// A ticket's lines become visible to a reader in their order even when the ticket moves between
/// files (a transfer to a channel written another way): before a line is buffered for one file,
/// every other file still holding a line of the same ticket is written (or its batch published).
///
/// In `oneStream` mode a file boundary (a rotation, the start or the end of a boundary batch) is
/// only placed before a real event whose `ts` is later than the line before it — never between
/// two lines with the same `ts`, never before a duplicate or a malformed line — so the files'
/// `ts` ranges are disjoint and increasing, and the order in which lines become available equals
/// their `ts` order: files in the order `events.jsonl.K`, `batch-1`, …, `events.jsonl.1`, `batch-K`,
/// `events.jsonl` hold the stream as generated.
struct SpoolWriter {
    let directory: String
    let mode: SpoolWriterMode
    let oneStream: Bool
    /// Lines per batch file (`oneStream`: lines in the batch after each rotation; 0: no batches).
    let batchLines: Int
    /// Monotonic nanoseconds after which a pending batch is published anyway.
    let batchInterval: Int64

    private let rotateEvery: Int
    private let keepRotated: Int?
    private let splitWrites: Bool
    /// Append streams by channel index (`oneStream`: only index 0, `events.jsonl`).
    private var streams: [SpoolAppendStream?]
    private var batch: SpoolBatchStream
    /// `oneStream`: lines currently go to the boundary batch.
    private var inBoundaryBatch = false
    /// `oneStream`: the previous line's time.
    private var lastTimestamp: Instant?
    private(set) var lines = 0

    /// Creates `directory` (with its missing parents, as `mkdir -p`) and `directory/tmp`.
    init(directory: String, mode: SpoolWriterMode, oneStream: Bool, channelNames: [String], rotateEvery: Int,
         keepRotated: Int?, batchLines: Int, batchInterval: Int64, splitWrites: Bool = false) throws {
        try Files.makeDirectories(directory)
        self.directory = directory
        self.mode = mode
        self.oneStream = oneStream
        self.batchLines = batchLines
        self.batchInterval = batchInterval
        self.rotateEvery = rotateEvery
        self.keepRotated = keepRotated
        self.splitWrites = splitWrites
        if oneStream {
            streams = [SpoolAppendStream(directory: directory, name: "events.jsonl", rotateEvery: rotateEvery,
                                         keepRotated: keepRotated, splitWrites: splitWrites)]
        } else {
            streams = channelNames.map { name in
                mode.batches(name) ? nil : SpoolAppendStream(directory: directory, name: name + ".jsonl",
                                                             rotateEvery: rotateEvery, keepRotated: keepRotated,
                                                             splitWrites: splitWrites)
            }
        }
        batch = try SpoolBatchStream(directory: directory)
    }

    /// Takes one complete line (LF included); `now` is monotonic nanoseconds (batch age).
    mutating func write(_ line: [UInt8], _ info: SimulatedLine, now: Int64) throws {
        lines += 1
        if oneStream { return try writeOneStream(line, info, now: now) }
        let ticket = info.ticketNumber
        let target = streams.indices.contains(info.channelIndex) ? streams[info.channelIndex] : nil
        // The ticket's earlier lines, buffered for another file, go out first.
        for i in streams.indices where i != info.channelIndex {
            if streams[i]?.pendingTickets.contains(ticket) == true { try streams[i]!.flush() }
        }
        if target != nil {
            if batch.pendingTickets.contains(ticket) { try batch.publish() }
            if streams[info.channelIndex]!.rotationDue { try streams[info.channelIndex]!.rotate() }
            try streams[info.channelIndex]!.append(line, ticket: ticket)
        } else {
            batch.append(line, ticket: ticket, now: now)
            if batch.lineCount >= max(batchLines, 1) { try batch.publish() }
        }
    }

    private mutating func writeOneStream(_ line: [UInt8], _ info: SimulatedLine, now: Int64) throws {
        let canCut = info.kind == .event && lastTimestamp.map { info.timestamp > $0 } ?? true
        lastTimestamp = info.timestamp
        if inBoundaryBatch {
            let aged = batch.startedAt.map { now - $0 >= batchInterval } ?? false
            if canCut, batch.lineCount >= batchLines || aged {
                try batch.publish()
                inBoundaryBatch = false
            }
        } else if canCut, streams[0]!.rotationDue {
            try streams[0]!.rotate()
            inBoundaryBatch = batchLines > 0
        }
        if inBoundaryBatch {
            batch.append(line, ticket: info.ticketNumber, now: now)
        } else {
            try streams[0]!.append(line, ticket: info.ticketNumber)
        }
    }

    /// When a pending batch must be published (monotonic nanoseconds); nil when none is pending or
    /// in `oneStream` mode (a boundary batch ends at a line that allows a cut).
    var deadline: Int64? {
        guard !oneStream, let started = batch.startedAt else { return nil }
        return started + batchInterval
    }

    /// Publishes a pending batch whose time has come.
    mutating func tick(now: Int64) throws {
        if let d = deadline, now >= d { try batch.publish() }
    }

    /// Writes every appended file's buffered lines (before sleeping, so lines due now are visible).
    mutating func flushAppends() throws {
        for i in streams.indices where streams[i]?.hasBufferedLines == true { try streams[i]!.flush() }
    }

    /// Writes everything pending and closes the files.
    mutating func finish() throws {
        for i in streams.indices where streams[i] != nil { try streams[i]!.close() }
        try batch.publish()
    }

    /// Append files opened plus batch files published.
    var files: Int { streams.reduce(0) { $0 + ($1?.filesOpened ?? 0) } + batch.published }
    var batchFiles: Int { batch.published }
    var rotations: Int { streams.reduce(0) { $0 + ($1?.rotations ?? 0) } }

    /// The summary line: lines, files, rotations.
    var summary: String {
        "\(lines) lines into \(directory): \(files) files (\(files - batchFiles) appended, \(batchFiles) batches), \(rotations) rotations"
    }
}
