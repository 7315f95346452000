import Foundation

/// Who a prompt message is from (the LLM adapter maps these onto its chat roles).
public enum PromptRole: String, Sendable, Hashable, Codable {
    /// Instructions.
    case system
    /// The person asking (and the quoted sources).
    case user
    /// An earlier answer.
    case assistant
}

/// One message of a built prompt.
public struct PromptMessage: Sendable, Hashable {
    /// Who it is from.
    public var role: PromptRole
    /// The text.
    public var content: String

    /// Creates a message.
    public init(role: PromptRole, content: String) {
        self.role = role
        self.content = content
    }
}

/// One earlier question and answer of a thread.
public struct ThreadTurn: Sendable, Hashable, Codable {
    /// The question as asked.
    public var question: String
    /// The standalone query it was searched with.
    public var standaloneQuery: String
    /// The answer (possibly extractive or empty).
    public var answer: String

    /// Creates a turn.
    public init(question: String, standaloneQuery: String? = nil, answer: String = "") {
        self.question = question
        self.standaloneQuery = standaloneQuery ?? question
        self.answer = answer
    }
}

/// Builds the messages sent to the model.
public enum AskPrompt {
    /// The answering prompt: the template's system message, then the user message with the sources (escaped,
    /// inside delimiters) and the question. The question is the person's own text and is not escaped.
    public static func messages(question: String, passages: [Passage], template: PromptTemplate = .builtIn) -> [PromptMessage] {
        let user = fill(template.user, ["sources": SourceBlock.render(passages), "question": question])
        return [PromptMessage(role: .system, content: template.system), PromptMessage(role: .user, content: user)]
    }

    /// The follow-up rewrite prompt: the last few turns (answers shortened) and the follow-up.
    public static func rewriteMessages(question: String, thread: [ThreadTurn], template: PromptTemplate = .builtIn,
                                       turns: Int = 3, answerCharacters: Int = 300) -> [PromptMessage] {
        let history = thread.suffix(turns).map { turn -> String in
            let flat = turn.answer.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            let answer = flat.count > answerCharacters ? String(flat.prefix(answerCharacters)) + "…" : flat
            return "Q: \(turn.question)" + (answer.isEmpty ? "" : "\nA: \(answer)")
        }.joined(separator: "\n")
        return [PromptMessage(role: .system, content: template.rewriteSystem),
                PromptMessage(role: .user, content: fill(template.rewriteUser, ["history": history, "question": question]))]
    }

    /// Replaces `{name}` placeholders in one pass (so a value holding `{question}` is never expanded again).
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out.append("{")
                rest = after
            }
        }
        out += rest
        return out
    }
}
