/// A small subsequence matcher for the command palette: every query character in order, case-insensitive.
public enum Fuzzy {
    /// A score for `candidate` against `query` (higher is better), or nil when it does not match.
    public static func score(_ query: String, _ candidate: String) -> Int? {
        if query.isEmpty { return 0 }
        let q = Array(query.lowercased()), c = Array(candidate.lowercased())
        var qi = 0, score = 0, last = -2
        for (i, ch) in c.enumerated() where qi < q.count && ch == q[qi] {
            score += (i == last + 1) ? 3 : 1
            if i == 0 || c[i - 1] == " " || c[i - 1] == "." || c[i - 1] == "-" { score += 2 }
            last = i
            qi += 1
        }
        return qi == q.count ? score - c.count / 10 : nil
    }
}
