/// Carries a value confined to one queue across a hop to another and back.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
