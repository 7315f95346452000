import Foundation

/// The kind of a flashcard.
public enum CardKind: String, Sendable, Codable, CaseIterable {
    /// Front → back.
    case basic
    /// Made from a note that also yields its back → front twin.
    case reversed
    /// One hidden deletion (`{{cN::text}}`) of a cloze text.
    case cloze
}

/// What one card asks and answers, before it is stored.
public struct CardDraft: Sendable, Hashable, Codable {
    /// Basic, reversed or cloze.
    public var kind: CardKind
    /// The prompt (for cloze cards, the whole cloze text with its `{{cN::…}}` markup).
    public var front: String
    /// The answer (for cloze cards, optional extra text shown with the answer).
    public var back: String
    /// For cloze cards, the deletion number this card hides.
    public var clozeIndex: Int?

    /// Memberwise initialiser.
    public init(kind: CardKind, front: String, back: String, clozeIndex: Int? = nil) {
        self.kind = kind
        self.front = front
        self.back = back
        self.clozeIndex = clozeIndex
    }

    /// One basic card.
    public static func basic(front: String, back: String) -> [CardDraft] {
        [CardDraft(kind: .basic, front: front, back: back)]
    }

    /// Two cards from one note: front → back and back → front.
    public static func reversed(front: String, back: String) -> [CardDraft] {
        [CardDraft(kind: .reversed, front: front, back: back),
         CardDraft(kind: .reversed, front: back, back: front)]
    }

    /// One card per cloze number in `text`; throws when the text has no deletions.
    public static func cloze(_ text: String, extra: String = "") throws(CardContentError) -> [CardDraft] {
        let numbers = Cloze.numbers(in: text)
        guard !numbers.isEmpty else { throw .noCloze }
        return numbers.map { CardDraft(kind: .cloze, front: text, back: extra, clozeIndex: $0) }
    }

    /// The question as shown to a learner.
    public var question: String {
        if kind == .cloze, let n = clozeIndex { return Cloze.question(front, index: n) }
        return front
    }

    /// The answer as shown to a learner.
    public var answer: String {
        if kind == .cloze, let n = clozeIndex {
            let full = Cloze.answer(front, index: n)
            return back.isEmpty ? full : full + "\n\n" + back
        }
        return back
    }

    /// A key for spotting duplicates: kind, cloze number and whitespace/case-folded text.
    public var duplicateKey: String {
        func norm(_ s: String) -> String {
            s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        return "\(kind == .cloze ? "cloze\(clozeIndex ?? 0)" : "qa")|\(norm(front))|\(kind == .cloze ? "" : norm(back))"
    }

    /// Throws when a side is empty.
    public func validate() throws(CardContentError) {
        if front.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .emptyFront }
        if kind != .cloze && back.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .emptyBack }
    }
}

/// Why card content was refused.
public enum CardContentError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The front is blank.
    case emptyFront
    /// The back is blank.
    case emptyBack
    /// A cloze text without any `{{c1::…}}` deletion.
    case noCloze

    /// The message shown to a person.
    public var description: String {
        switch self {
        case .emptyFront: "the card's front is empty: give it a question"
        case .emptyBack: "the card's back is empty: give it an answer"
        case .noCloze: "the cloze text has no deletion: mark one like {{c1::answer}} or {{c1::answer::hint}}"
        }
    }
}

/// Cloze deletions `{{cN::text}}` and `{{cN::text::hint}}` (Anki's syntax).
public enum Cloze {
    /// One deletion found in a text.
    public struct Deletion: Equatable, Sendable {
        /// Its number N.
        public var index: Int
        /// The hidden text.
        public var text: String
        /// The optional hint.
        public var hint: String?
        /// Where the whole `{{…}}` sits in the source.
        public var range: Range<String.Index>
    }

    /// All deletions in order of appearance. Malformed markup is left as text.
    public static func deletions(in text: String) -> [Deletion] {
        var out: [Deletion] = []
        var i = text.startIndex
        while let open = text[i...].range(of: "{{c") {
            var j = open.upperBound
            var digits = ""
            while j < text.endIndex, let d = text[j].wholeNumberValue, text[j].isASCII {
                digits.append(String(d)); j = text.index(after: j)
            }
            guard let n = Int(digits), n > 0, text[j...].hasPrefix("::"),
                  let close = text[text.index(j, offsetBy: 2)...].range(of: "}}") else {
                i = open.upperBound
                continue
            }
            let body = String(text[text.index(j, offsetBy: 2)..<close.lowerBound])
            let parts = body.components(separatedBy: "::")
            let hint = parts.count > 1 ? parts.dropFirst().joined(separator: "::") : nil
            out.append(Deletion(index: n, text: parts[0], hint: hint, range: open.lowerBound..<close.upperBound))
            i = close.upperBound
        }
        return out
    }

    /// The distinct deletion numbers, ascending.
    public static func numbers(in text: String) -> [Int] {
        Array(Set(deletions(in: text).map(\.index))).sorted()
    }

    /// The text with deletion `index` hidden as `[...]` (or `[hint]`) and the others shown.
    public static func question(_ text: String, index: Int) -> String {
        render(text) { d in d.index == index ? "[\(d.hint ?? "...")]" : d.text }
    }

    /// The text with deletion `index` shown in brackets and the others shown plainly.
    public static func answer(_ text: String, index: Int) -> String {
        render(text) { d in d.index == index ? "[\(d.text)]" : d.text }
    }

    /// The text with every deletion replaced by its plain text.
    public static func plain(_ text: String) -> String { render(text) { $0.text } }

    static func render(_ text: String, _ f: (Deletion) -> String) -> String {
        var out = ""
        var last = text.startIndex
        for d in deletions(in: text) {
            out += text[last..<d.range.lowerBound]
            out += f(d)
            last = d.range.upperBound
        }
        out += text[last...]
        return out
    }
}
