/// The kinds of message an operator looks for, each with a fixed `MESSAGE_ID=` (a 128-bit id, as
/// `journalctl --new-id128` makes them), so `journalctl MESSAGE_ID=…` finds every one of them
/// whatever its wording (docs/operations.md lists them).
package enum LogKind: String, Sendable, CaseIterable {
    case breach, warning, rejectedLine, checkpointFailure, reload, reloadRefused, started, ready, stopped

    package var messageID: String {
        switch self {
        case .breach: "3b8f0d5a6c7e4e1f9a2b4c6d8e0f1a2b"
        case .warning: "5d2c7a9e1b3f4c6a8e0d2f4b6a8c0e1d"
        case .rejectedLine: "7e4a1c3b5d6f4e8a9c0b2d4f6e8a0c2b"
        case .checkpointFailure: "9a6c3e5b7d1f4a2c8e0b4d6f8a2c4e6b"
        case .reload: "1c8e5a7b9d3f4c6e8a2b0d4f6c8e2a4d"
        case .reloadRefused: "2d9f6b8c0e4a4d7f9b3c1e5a7d9f3b5c"
        case .started: "4f1b8d0e2a6c4f9b1d5e3a7c9f1b5d7e"
        case .ready: "6a3d0f2b4c8e4a1d3f7b5c9e1a3d7f9b"
        case .stopped: "8c5f2b4d6e0a4c3f5b9d7e1a3c5f9b1d"
        }
    }
}
