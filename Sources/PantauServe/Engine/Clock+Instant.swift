import PantauCore
import PantauSystem

extension Clock {
    /// The wall clock as an engine `Instant`.
    package func now() -> Instant { Instant(nanoseconds: wallNanoseconds()) }
}
