import Foundation

/// Decides whether the best hits of a search are about the question at all ("nothing in your notes about …"),
/// from the strength of the best hit: its cosine when vectors were used, its BM25 score otherwise.
/// Pure: the thresholds are data (see `RelevanceGate.tuned`), the evidence comes from the search.
public struct RelevanceGate: Sendable, Equatable {
    /// Least cosine of the best vector hit for the question to count as answered by the notes.
    public var minCosine: Double
    /// Least BM25 strength (−score, higher is better) of the best lexical hit, when no vectors were used.
    public var minBM25: Double

    /// Creates a gate.
    public init(minCosine: Double, minBM25: Double) {
        self.minCosine = minCosine
        self.minBM25 = minBM25
    }

    /// What a search found, as the gate reads it.
    public struct Evidence: Sendable, Equatable {
        /// Cosine of the best vector hit (nil: vectors were not used or found nothing).
        public var topCosine: Double?
        /// −BM25 of the best lexical hit (nil: BM25 was not used or found nothing).
        public var topBM25: Double?

        /// Creates evidence.
        public init(topCosine: Double?, topBM25: Double?) {
            self.topCosine = topCosine
            self.topBM25 = topBM25
        }
    }

    /// The signal a verdict was based on.
    public enum Signal: Sendable, Equatable {
        /// The best cosine (vectors used).
        case cosine(Double)
        /// The best BM25 strength (lexical only).
        case bm25(Double)
        /// Nothing matched at all.
        case noHits
    }

    /// The signal the gate reads: the cosine when there is one (meaning beats word overlap), else BM25.
    public func signal(_ e: Evidence) -> Signal {
        if let c = e.topCosine { return .cosine(c) }
        if let b = e.topBM25 { return .bm25(b) }
        return .noHits
    }

    /// True when the evidence clears the threshold of its signal.
    public func isRelevant(_ e: Evidence) -> Bool {
        switch signal(e) {
        case .cosine(let c): return c >= minCosine
        case .bm25(let b): return b >= minBM25
        case .noHits: return false
        }
    }
}

extension RelevanceGate {
    /// The thresholds Recall uses, measured on the 64 labelled sample questions (7 unanswerable from the notes) with
    /// `recall eval retrieval --runs-out` + `scripts/tune-fusion.py` (DECISIONS D19). Cosine (all-MiniLM-L6-v2): the
    /// unanswerable questions' best hit scored at most 0.22 and the answerable ones at least 0.29; 0.25 sits between
    /// (precision 1.0, recall 1.0 of "nothing relevant"). BM25 (offline): the two overlap (7.93 vs 7.90); 7.5 says
    /// "nothing relevant" for 6 of the 7 and never for an answerable one (precision 1.0, recall 0.86). BM25 strength
    /// grows with the size of the collection (IDF), so on a large notebook the gate errs towards answering.
    public static let tuned = RelevanceGate(minCosine: 0.25, minBM25: 7.5)
}
