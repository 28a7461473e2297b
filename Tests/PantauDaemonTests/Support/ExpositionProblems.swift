/// Thrown by `Exposition.parse` when `ExpositionChecker` found problems: all of them, one a line.
struct ExpositionProblems: Error, CustomStringConvertible {
    var problems: [String]

    var description: String { "invalid exposition:\n" + problems.joined(separator: "\n") }
}
