import PantauSystem

/// Thrown by `Exposition.parse` when `ExpositionChecker` found problems: all of them, one a line.
package struct ExpositionProblems: Error, CustomStringConvertible {
    package var problems: [String]

    package var description: String { "invalid exposition:\n" + problems.joined(separator: "\n") }
}
