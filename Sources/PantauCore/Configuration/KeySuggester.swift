/// Finds the near miss an operator probably meant ("did you mean …?") by Levenshtein distance.
enum KeySuggester {
    /// The candidate closest to `word`, if it is close enough to be a typo: a case-insensitive
    /// distance of at most 1 for words up to 4 characters, at most 2 for longer ones. Ties go to
    /// the earlier candidate.
    static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        let limit = lowered.count <= 4 ? 1 : 2
        var best: (candidate: String, distance: Int)? = nil
        for candidate in candidates where candidate != word {
            let distance = distance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between two strings, counted in Characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
