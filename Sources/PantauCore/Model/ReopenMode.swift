/// What budget a reopened ticket's new resolution cycle gets (SPEC §3.4).
public enum ReopenMode: UInt8, Sendable, Hashable, CaseIterable {
    /// The target minus the time consumed by the ticket's earlier resolution cycles (at least zero).
    case `continue` = 0
    /// The full target again.
    case restart

    /// The configuration name.
    public var name: String { self == .continue ? "continue" : "restart" }
}
