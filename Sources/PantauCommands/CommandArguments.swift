import PantauServe
import PantauSystem

/// A small command-line reader: `--flag`, `--option VALUE`, `--option=VALUE`, positionals.
/// Unknown options are errors, so a typo never silently changes behaviour.
struct CommandArguments {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var options: [String: String] = [:]
    /// Every value of each option, in order (an option given twice keeps its last in `options`).
    private(set) var allValues: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Reads `args` accepting the given option names (with value) and flags (without).
    init(_ args: some Sequence<String>, options known: Set<String>, flags knownFlags: Set<String> = []) throws {
        var it = args.makeIterator()
        var onlyPositionals = false
        while let arg = it.next() {
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = String(arg.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if knownFlags.contains(name) {
                guard value == nil else { throw Failure(description: "option --\(name) takes no value") }
                flags.insert(name)
            } else if known.contains(name) {
                if value == nil { value = it.next() }
                guard let value else { throw Failure(description: "option --\(name) needs a value") }
                options[name] = value
                allValues[name, default: []].append(value)
            } else {
                throw Failure(description: "unknown option --\(name)")
            }
        }
    }

    subscript(option: String) -> String? { options[option] }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// Every value given for a repeatable option, in order.
    func values(_ option: String) -> [String] { allValues[option] ?? [] }

    /// An integer option, or `default` when absent.
    func integer(_ option: String, default value: Int) throws -> Int {
        guard let text = options[option] else { return value }
        guard let n = Int(text) else { throw Failure(description: "--\(option) expects an integer, got \"\(text)\"") }
        return n
    }
}
