/// Business hours within one local day: `[start, end)` in minutes after local midnight.
/// `end` may be 1440 (`24:00`).
public struct LocalInterval: Hashable, Sendable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}
