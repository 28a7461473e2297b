import PantauSystem

/// Where a spool line starts: its byte offset and, when known, its line number (from 1), so a
/// rejected line can be found (`FILE:LINE`).
struct LineOrigin: Equatable, Sendable {
    var offset: Int64
    var line: Int64?
}
