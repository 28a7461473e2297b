/// Where log records go: a stream of escaped lines (`StreamLogSink`) or the journal's native
/// protocol (PantauServe's `JournalLogSink`). Called from any thread.
package protocol LogSink: Sendable {
    func write(_ record: LogRecord)
}
