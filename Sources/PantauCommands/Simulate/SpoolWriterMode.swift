import PantauServe
import PantauSystem

/// How `pantau simulate --spool` lays out its files (`--mode`).
enum SpoolWriterMode: String, Sendable, CaseIterable {
    /// One file per channel, `DIR/<channel>.jsonl`, appended in whole lines.
    case append
    /// Every few lines (or about a second) a new `DIR/batch-NNNNNN.jsonl`, renamed in from `DIR/tmp/`.
    case batch
    /// Append for the live channels, batch for the channels that arrive in bulk.
    case mixed

    /// The channels `mixed` writes as batches; every other channel is appended.
    static let batchChannels: Set<String> = ["web_form", "email"]

    /// Whether a line of `channel` goes to a batch file in this mode.
    func batches(_ channel: String) -> Bool {
        switch self {
        case .append: false
        case .batch: true
        case .mixed: Self.batchChannels.contains(channel)
        }
    }
}
