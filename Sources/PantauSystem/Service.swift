/// A long-running part of the process that a `ServiceGroup` starts and stops (after
/// swift-service-lifecycle's `Service`, in Dispatch terms: no async, so `run()` becomes a start
/// and a stop). Both are called from the group's thread, one at a time, start before stop.
package protocol Service: AnyObject, Sendable {
    /// For the log: "engine", "http".
    var name: String { get }
    /// Sets the service up and sets it going; returns once it runs. A throw stops the group
    /// (the services already started are stopped, in reverse).
    func start() throws
    /// Finishes the service's work and releases its threads and descriptors; returns when done.
    /// False when the stop lost something (the final checkpoint failed): the process then exits 1.
    func stop() -> Bool
}
