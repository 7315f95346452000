import Foundation

/// Decides whether the best hits of a search are about the question at all ("nothing in your notes about …"),
/// from the best hit: its cosine when vectors were used, otherwise the share of the question's words it matches
/// (a BM25 score is not used: it grows with the size of the collection, so no one threshold fits).
/// Pure: the thresholds are data (see `RelevanceGate.tuned`), the evidence comes from the search.
public struct RelevanceGate: Sendable, Equatable {
    /// Least cosine of the best vector hit for the question to count as answered by the notes.
    public var minCosine: Double
    /// Least share of the question's words (after stop words) matched by the best lexical hit, when no vectors
    /// were used.
    public var minCoverage: Double

    /// Creates a gate.
    public init(minCosine: Double, minCoverage: Double) {
        self.minCosine = minCosine
        self.minCoverage = minCoverage
    }

    /// What a search found, as the gate reads it.
    public struct Evidence: Sendable, Equatable {
        /// Cosine of the best vector hit (nil: vectors were not used or found nothing).
        public var topCosine: Double?
        /// The best share of the question's words matched by one of the top lexical hits (nil: BM25 was not used
        /// or found nothing).
        public var topCoverage: Double?

        /// Creates evidence.
        public init(topCosine: Double?, topCoverage: Double?) {
            self.topCosine = topCosine
            self.topCoverage = topCoverage
        }
    }

    /// The signal a verdict was based on.
    public enum Signal: Sendable, Equatable {
        /// The best cosine (vectors used).
        case cosine(Double)
        /// The best share of the question's words matched (lexical only).
        case termCoverage(Double)
        /// Nothing matched at all.
        case noHits
    }

    /// The signal the gate reads: the cosine when there is one (meaning beats word overlap), else word coverage.
    public func signal(_ e: Evidence) -> Signal {
        if let c = e.topCosine { return .cosine(c) }
        if let w = e.topCoverage { return .termCoverage(w) }
        return .noHits
    }

    /// True when the evidence clears the threshold of its signal.
    public func isRelevant(_ e: Evidence) -> Bool {
        switch signal(e) {
        case .cosine(let c): return c >= minCosine
        case .termCoverage(let w): return w >= minCoverage
        case .noHits: return false
        }
    }
}

extension RelevanceGate {
    /// The thresholds Recall uses, measured on the 64 labelled sample questions (7 unanswerable from the notes) with
    /// `recall eval retrieval` (`--runs-out` + `scripts/tune-fusion.py`; DECISIONS D24). Cosine (all-MiniLM-L6-v2):
    /// the unanswerable questions' best hit scored at most 0.22, every answerable one at least 0.29; 0.25 sits
    /// between. Word coverage (offline): the unanswerable questions matched at most 0.4 of their words, every
    /// answerable one at least 0.5; 0.45 sits between. Both: precision and recall of "nothing relevant" 1.0.
    public static let tuned = RelevanceGate(minCosine: 0.25, minCoverage: 0.45)
}
