/// "Did you mean …?" for misspelt names (seed files, configuration keys): the closest known name within a small edit distance.
///
/// ```swift
/// Suggestion.nearest(to: "conversation", in: ["companies", "conversations", "secrets"])   // "conversations"
/// ```
package enum Suggestion {
    package static func nearest(to word: String, in candidates: [String], maxDistance: Int = 3) -> String? {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= min(maxDistance, max(1, word.count / 3)) else { return nil }
        return best.0
    }

    /// Levenshtein distance (also the configuration layer's "did you mean" for keys).
    package static func distance(_ a: String, _ b: String) -> Int {
        let left = Array(a), right = Array(b)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        for i in 1...left.count {
            var current = [i] + Array(repeating: 0, count: right.count)
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[right.count]
    }
}
