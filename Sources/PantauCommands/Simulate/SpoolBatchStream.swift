import Glibc
import PantauServe
import PantauSystem

/// Batch files of a spool: lines are collected in memory, then written as one new file
/// `DIR/tmp/batch-NNNNNN.jsonl` and renamed to `DIR/batch-NNNNNN.jsonl`, so a reader of `DIR`
/// never sees a half-written batch (`tmp/` is a subdirectory, which `*.jsonl` in `DIR` does not match).
///
/// Numbers continue after the highest batch file already in `DIR`; leftovers of an earlier run in
/// `DIR/tmp` (a writer killed while writing a batch) are removed at start.
struct SpoolBatchStream {
    let directory: String
    let temporaryDirectory: String

    private var buffer: [UInt8] = []
    /// Tickets with a line in the pending batch.
    private(set) var pendingTickets: Set<Int64> = []
    /// Lines in the pending batch.
    private(set) var lineCount = 0
    /// Monotonic time of the pending batch's first line.
    private(set) var startedAt: Int64?
    private(set) var nextSequence: Int
    /// Batch files renamed into the directory.
    private(set) var published = 0

    /// Creates `DIR/tmp` if needed and clears it of earlier `batch-*` leftovers.
    init(directory: String) throws {
        self.directory = directory
        temporaryDirectory = directory + "/tmp"
        try Files.makeDirectories(temporaryDirectory)
        for name in Self.batchNames(in: temporaryDirectory) { unlink(temporaryDirectory + "/" + name.name) }
        nextSequence = (Self.batchNames(in: directory).map(\.sequence).max() ?? 0) + 1
    }

    var isEmpty: Bool { lineCount == 0 }

    /// Adds one complete line of `ticket` to the pending batch; `now` is monotonic nanoseconds.
    mutating func append(_ line: [UInt8], ticket: Int64, now: Int64) {
        if lineCount == 0 { startedAt = now }
        buffer.append(contentsOf: line)
        pendingTickets.insert(ticket)
        lineCount += 1
    }

    /// Writes the pending batch through `tmp/` into the directory (nothing when it is empty).
    mutating func publish() throws {
        guard lineCount > 0 else { return }
        let name = Self.fileName(nextSequence)
        let temporary = temporaryDirectory + "/" + name, final = directory + "/" + name
        let fd = try SystemCall.retrying("open \(temporary)") {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        do {
            try Descriptor.writeAll(fd, buffer, what: "write \(temporary)")
            close(fd)
            try SystemCall.retrying("rename \(temporary)") { rename(temporary, final) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        nextSequence += 1
        published += 1
        buffer.removeAll(keepingCapacity: true)
        pendingTickets.removeAll(keepingCapacity: true)
        lineCount = 0
        startedAt = nil
    }

    /// `batch-000042.jsonl` (at least six digits, so names sort in order up to a million batches).
    static func fileName(_ sequence: Int) -> String {
        let digits = String(sequence)
        return "batch-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".jsonl"
    }

    /// The `batch-N.jsonl` files of `directory` with their numbers.
    static func batchNames(in directory: String) -> [(name: String, sequence: Int)] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var found: [(name: String, sequence: Int)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix("batch-"), name.hasSuffix(".jsonl") else { continue }
            let digits = name.dropFirst(6).dropLast(6)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits) else { continue }
            found.append((name, n))
        }
        return found
    }
}
