import Foundation

/// Rough token counting for context budgeting and for detecting silent truncation.
public enum TokenEstimate {
    /// About 3.5 UTF-8 bytes per token for English prose and code.
    public static func tokens(in text: String) -> Int {
        Int((Double(text.utf8.count) / 3.5).rounded(.up))
    }

    /// The estimated prompt size of a conversation, with a small per-message template overhead.
    public static func prompt(_ messages: [ChatMessage]) -> Int {
        messages.reduce(3) { $0 + tokens(in: $1.content) + 4 }
    }

    /// A warning when the server evaluated far fewer prompt tokens than were sent (it cut the prompt silently).
    /// Small prompts are never flagged: the estimate is too rough there.
    public static func truncationWarning(estimated: Int, reported: Int?, numCtx: Int) -> LLMWarning? {
        guard let reported, estimated >= 200 else { return nil }
        if Double(reported) < Double(estimated) * 0.5 {
            return .contextTruncated(estimatedTokens: estimated, reportedTokens: reported, numCtx: numCtx)
        }
        return nil
    }
}
