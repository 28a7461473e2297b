import Dispatch
import PantauCore
import PantauSystem

/// The checkpoint side of the engine service: a consistent cut is encoded on the engine queue
/// (engine state, file positions, push sequence) and written on a queue of its own, so the engine
/// never waits for the disk; only a write that succeeded counts as durable (`DeleteConsumed=`
/// deletes only what a durable checkpoint covers). An idle daemon does not rewrite an identical
/// checkpoint (with 100,000 files and tickets it is tens of MB). Used on the engine queue only.
final class Checkpointer {
    let store: CheckpointStore
    private let log: Logger
    private let clock: any Clock
    private let ioQueue = DispatchQueue(label: "pantau.checkpoint")
    private var inFlight = false
    /// What the last durable checkpoint covered (`Progress`).
    private var checkpointed: Progress?
    /// The file positions of the last durable checkpoint.
    private(set) var durableFiles: [FileIdentity: CheckpointedFile] = [:]
    private(set) var failures: UInt64 = 0
    private(set) var lastDurable: Instant?

    /// Lines seen, notifications pushed, spool bytes consumed and files followed: what a new
    /// checkpoint would differ by.
    struct Progress: Equatable {
        var applied, duplicate, rejected, pushSequence: UInt64
        var consumedBytes: Int64
        var files: Int
    }

    init(directory: String, clock: any Clock, log: Logger) {
        store = CheckpointStore(directory: directory)
        self.clock = clock
        self.log = log
    }

    /// A checkpoint just restored is durable.
    func restored(_ files: [CheckpointedFile]) {
        durableFiles = FileIdentity.index(files)
        lastDurable = clock.now()
    }

    /// Writes `checkpoint` unless one is in flight or nothing changed since the last durable one;
    /// `done` runs on `queue` after the write (changes the published figures).
    func write(_ checkpoint: @autoclosure () -> Checkpoint, progress: Progress, on queue: DispatchQueue,
               done: @escaping @Sendable () -> Void) {
        guard !inFlight, progress != checkpointed else { return }
        inFlight = true
        let checkpoint = checkpoint()
        let write = writer(checkpoint)
        let box = UncheckedBox(self)
        ioQueue.async {
            let ok = write()
            queue.async {
                box.value.inFlight = false
                box.value.record(ok, files: checkpoint.files, progress: progress)
                done()
            }
        }
    }

    /// Writes `checkpoint` now and waits (the final checkpoint at stop); whether it is durable.
    func writeNow(_ checkpoint: Checkpoint, progress: Progress) -> Bool {
        let write = writer(checkpoint)
        let ok = ioQueue.sync { write() }
        record(ok, files: checkpoint.files, progress: progress)
        return ok
    }

    private func writer(_ checkpoint: Checkpoint) -> @Sendable () -> Bool {
        { [store, log] in
            do {
                try store.write(checkpoint)
                return true
            } catch {
                log.error("checkpoint write failed", ["ERROR": "\(error)", "STATE": store.directory], kind: .checkpointFailure)
                return false
            }
        }
    }

    private func record(_ ok: Bool, files: [CheckpointedFile], progress: Progress) {
        guard ok else {
            failures += 1
            return
        }
        checkpointed = progress
        durableFiles = FileIdentity.index(files)
        lastDurable = clock.now()
    }
}
