import PantauSystem

/// Why the server could not listen or start.
public struct HTTPServerError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
