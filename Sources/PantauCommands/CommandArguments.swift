import PantauServe
import PantauSystem

/// A small command-line reader: `--flag`, `--option VALUE`, `--option=VALUE`, positionals (`--`
/// ends the options). Unknown options are errors, so a typo never silently changes behaviour;
/// every error is a `UsageError`.
struct CommandArguments {
    private(set) var options: [String: String] = [:]
    /// Every value of each option, in order (an option given twice keeps its last in `options`).
    private(set) var allValues: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Reads `args` accepting the given option names (with value) and flags (without).
    init(_ args: some Sequence<String>, options known: Set<String>, flags knownFlags: Set<String> = []) throws(UsageError) {
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
                guard value == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
            } else if known.contains(name) {
                if value == nil { value = it.next() }
                guard let value else { throw UsageError("option --\(name) needs a value") }
                options[name] = value
                allValues[name, default: []].append(value)
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
    }

    /// Whether `args` ask for help: `--help` or `-h` anywhere before a `--`, whatever else is there.
    static func asksForHelp(_ args: some Sequence<String>) -> Bool {
        for arg in args {
            if arg == "--" { return false }
            if arg == "--help" || arg == "-h" { return true }
        }
        return false
    }

    subscript(option: String) -> String? { options[option] }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// Every value given for a repeatable option, in order.
    func values(_ option: String) -> [String] { allValues[option] ?? [] }

    /// A usage error unless no positional argument was given (for commands that take none).
    func requireNoPositionals() throws(UsageError) {
        guard let first = positionals.first else { return }
        throw UsageError(first.hasPrefix("-") ? "unknown option \(first)" : "unexpected argument \"\(first)\"")
    }

    /// An integer option, or `default` when absent.
    func integer(_ option: String, default value: Int) throws(UsageError) -> Int {
        guard let text = options[option] else { return value }
        guard let n = Int(text) else { throw UsageError("--\(option) expects an integer, got \"\(text)\"") }
        return n
    }
}
