import Foundation

/// Rough token counting (about 3.5 UTF-8 bytes per token for English prose and code), the same rule the LLM
/// adapter uses to warn about truncation.
public enum TokenCount {
    /// Estimated tokens in a text.
    public static func estimate(_ text: String) -> Int { Int((Double(text.utf8.count) / 3.5).rounded(.up)) }

    /// Estimated tokens of a prompt, with a small per-message template overhead.
    public static func estimate(_ messages: [PromptMessage]) -> Int {
        messages.reduce(3) { $0 + estimate($1.content) + 4 }
    }
}

/// Which sources fit the model's context, and what was left out.
public struct SourcePlan: Sendable, Hashable {
    /// The numbered sources to send, best first.
    public var passages: [Passage]
    /// Retrieved chunks left out because they did not fit (best first).
    public var dropped: [PassageCandidate]
    /// The chunk cut short to fit, when even the best one alone was too long.
    public var cutChunkID: Int64?
    /// The context window budgeted for.
    public var numCtx: Int
    /// Tokens kept free for the answer.
    public var answerReserve: Int
    /// Estimated tokens of the whole prompt as planned.
    public var promptTokens: Int

    /// True when anything retrieved was left out or cut: reported, never silent.
    public var trimmed: Bool { !dropped.isEmpty || cutChunkID != nil }
}

/// Fits retrieved chunks into the context window: `num_ctx` minus the instructions, the question and room for
/// the answer. Whole chunks go in best first (one that does not fit is left out and the next is tried); then
/// the neighbouring chunks of the top hits are merged into them while there is room.
public struct SourceBudget: Sendable, Hashable {
    /// The model's context window in tokens.
    public var numCtx: Int
    /// Tokens kept for the answer; nil: a quarter of the window, between 256 and 1024.
    public var answerReserve: Int?
    /// How many top sources may take a neighbouring chunk.
    public var mergeTop: Int
    /// The most sources sent.
    public var maxSources: Int

    /// Creates a budget.
    public init(numCtx: Int, answerReserve: Int? = nil, mergeTop: Int = 2, maxSources: Int = 8) {
        self.numCtx = numCtx
        self.answerReserve = answerReserve
        self.mergeTop = mergeTop
        self.maxSources = maxSources
    }

    /// The reserve actually used.
    public var reserve: Int { answerReserve ?? min(1024, max(256, numCtx / 4)) }

    /// Plans the sources for `question` with `template`.
    public func plan(question: String, candidates: [PassageCandidate], template: PromptTemplate = .builtIn) -> SourcePlan {
        let fixed = TokenCount.estimate(AskPrompt.messages(question: question, passages: [], template: template))
        let available = numCtx - fixed - reserve
        var chosen: [(candidate: PassageCandidate, passage: Passage)] = []
        var dropped: [PassageCandidate] = []
        var used = 0
        var cut: Int64?
        var inPrompt = Set<Int64>()
        for candidate in candidates {
            guard chosen.count < maxSources, !inPrompt.contains(candidate.chunkID) else {
                if !inPrompt.contains(candidate.chunkID) { dropped.append(candidate) }
                continue
            }
            var passage = Self.passage(candidate, n: chosen.count + 1)
            let cost = Self.cost(passage)
            if used + cost <= available {
                used += cost
            } else if chosen.isEmpty, available - used > 64 {
                // Not even the best chunk fits whole: send its start, and say so.
                let room = available - used - Self.cost(Self.passage(candidate, n: 1, text: ""))
                passage.text = Self.prefix(candidate.text, tokens: max(room, 0))
                used += Self.cost(passage)
                cut = candidate.chunkID
            } else {
                dropped.append(candidate)
                continue
            }
            chosen.append((candidate, passage))
            inPrompt.insert(candidate.chunkID)
        }
        // Neighbours of the top hits, while there is room (each merged at most once, never a chunk already sent).
        for index in chosen.indices.prefix(mergeTop) where chosen[index].passage.chunkID != cut {
            let candidate = chosen[index].candidate
            for neighbour in [candidate.next, candidate.previous].compactMap({ $0 }) where !inPrompt.contains(neighbour.chunkID) {
                let cost = TokenCount.estimate(neighbour.text + "\n\n")
                guard used + cost <= available else { continue }
                var p = chosen[index].passage
                if neighbour.chunkID == candidate.next?.chunkID {
                    p.text += "\n\n" + neighbour.text
                } else {
                    p.text = neighbour.text + "\n\n" + p.text
                }
                p.mergedChunkIDs.append(neighbour.chunkID)
                chosen[index].passage = p
                used += cost
                inPrompt.insert(neighbour.chunkID)
            }
        }
        dropped.removeAll { inPrompt.contains($0.chunkID) }
        let passages = chosen.map(\.passage)
        return SourcePlan(passages: passages, dropped: dropped, cutChunkID: cut, numCtx: numCtx, answerReserve: reserve,
                          promptTokens: TokenCount.estimate(AskPrompt.messages(question: question, passages: passages, template: template)))
    }

    static func passage(_ c: PassageCandidate, n: Int, text: String? = nil) -> Passage {
        Passage(n: n, chunkID: c.chunkID, snippetID: c.snippetID, title: c.title, notebook: c.notebook,
                text: text ?? c.text, score: c.score)
    }

    /// Tokens one source block adds to the prompt.
    static func cost(_ passage: Passage) -> Int { TokenCount.estimate(SourceBlock.render(passage) + "\n\n") }

    /// The start of a text within `tokens`, cut at a word boundary.
    static func prefix(_ text: String, tokens: Int) -> String {
        let bytes = Int(Double(tokens) * 3.5)
        guard text.utf8.count > bytes else { return text }
        var out = ""
        var size = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let add = word.utf8.count + (out.isEmpty ? 0 : 1)
            if size + add + 3 > bytes { break }
            out += (out.isEmpty ? "" : " ") + word
            size += add
        }
        return out + "…"
    }
}
