import Foundation
import Testing
@testable import SRS

/// Cloze parsing, card drafts and duplicate keys.
@Suite struct CardContentTests {
    @Test func clozeMakesOneCardPerNumber() throws {
        let text = "{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::it}} sits on the Seine."
        let cards = try CardDraft.cloze(text)
        #expect(cards.map(\.clozeIndex) == [1, 2])
        #expect(cards[0].question == "[...] is the capital of France; [...] sits on the Seine.")
        #expect(cards[1].question == "Paris is the capital of [country]; it sits on the Seine.")
        #expect(cards[1].answer == "Paris is the capital of [France]; it sits on the Seine.")
        #expect(Cloze.plain(text) == "Paris is the capital of France; it sits on the Seine.")
    }

    @Test func malformedClozeIsText() {
        #expect(Cloze.numbers(in: "{{c::x}} {{c1:x}} {{c1::open") == [])
        #expect(Cloze.numbers(in: "a {{c10::b}} c {{c3::d}}") == [3, 10])
        #expect(throws: CardContentError.noCloze) { try CardDraft.cloze("no deletions here") }
    }

    @Test func reversedMakesBothDirections() {
        let cards = CardDraft.reversed(front: "hund", back: "dog")
        #expect(cards.map(\.question) == ["hund", "dog"])
        #expect(cards.map(\.answer) == ["dog", "hund"])
    }

    @Test func duplicateKeyIgnoresCaseAndSpacing() {
        let a = CardDraft(kind: .basic, front: "What is  FSRS?", back: "A scheduler")
        let b = CardDraft(kind: .basic, front: "what is fsrs?", back: "a\nscheduler")
        let c = CardDraft(kind: .basic, front: "what is fsrs?", back: "an algorithm")
        #expect(a.duplicateKey == b.duplicateKey)
        #expect(a.duplicateKey != c.duplicateKey)
    }

    @Test func emptySidesAreRefused() {
        #expect(throws: CardContentError.emptyFront) { try CardDraft(kind: .basic, front: " ", back: "x").validate() }
        #expect(throws: CardContentError.emptyBack) { try CardDraft(kind: .basic, front: "q", back: "\n").validate() }
    }
}

/// Anki plain-text import and export.
@Suite struct AnkiTextTests {
    @Test func readsTheReferenceExample() throws {
        let file = "#separator:tab\n#html:false\n#tags:imported\n#columns:Front\tBack\tTags\n#tags column:3\n"
            + "What is 2+2?\t4\tmath arithmetic\n\"multi\nline\"\tanswer with \"\"quotes\"\"\t\n"
        let r = try AnkiText.parse(file)
        #expect(r.notes.count == 2)
        #expect(r.notes[0] == .init(kind: .basic, front: "What is 2+2?", back: "4", tags: ["imported", "math", "arithmetic"]))
        #expect(r.notes[1].front == "multi\nline")
        // Like Anki's CSV reader (Rust `csv`), quotes inside an unquoted field are literal; `""` unescapes only in a quoted field.
        #expect(r.notes[1].back == "answer with \"\"quotes\"\"")
        #expect(r.notes[1].tags == ["imported"])
    }

    @Test func detectsSeparatorAndSkipsComments() throws {
        let r = try AnkiText.parse("\u{FEFF}# a comment\nfront;back\n\"#hashtag\";tag back\n;no front\r\nshort\n")
        #expect(r.notes.map(\.front) == ["front", "#hashtag", "short"])
        #expect(r.notes.map(\.back) == ["back", "tag back", ""])
        #expect(r.skippedLines == [4])
    }

    @Test func namedSeparatorsDeckHtmlAndCloze() throws {
        let file = "#separator:Pipe\n#html:true\n#deck:Spanish\n{{c1::hola}} means hello|<b>greeting</b><br>word\nperro|dog &amp; cat\n"
        let r = try AnkiText.parse(file)
        #expect(r.notes[0].kind == .cloze)
        #expect(r.notes[0].back == "greeting\nword")
        #expect(r.notes[1].back == "dog & cat")
        #expect(r.notes.allSatisfy { $0.deck == "Spanish" })
        #expect(try r.notes[0].drafts().count == 1)
    }

    @Test func unterminatedQuoteIsAnError() {
        #expect(throws: AnkiText.ParseError.unterminatedQuote(line: 2)) { try AnkiText.parse("#separator:tab\n\"open\tx\n") }
        #expect(throws: AnkiText.ParseError.self) { try AnkiText.parse("#separator:weird\nx\n") }
    }

    @Test func exportRoundTrips() throws {
        let notes: [AnkiText.Note] = [
            .init(kind: .basic, front: "tab\there", back: "line\nbreak \"q\"", deck: "Default", tags: ["a", "b"]),
            .init(kind: .reversed, front: "#start", back: "x", deck: "D2", tags: []),
            .init(kind: .cloze, front: "{{c1::Swift}} 6", back: "", deck: "Default", tags: ["lang"]),
        ]
        let text = AnkiText.write(notes)
        #expect(text.hasPrefix("#separator:tab\n#html:false\n"))
        #expect(try AnkiText.parse(text).notes == notes)
    }
}
