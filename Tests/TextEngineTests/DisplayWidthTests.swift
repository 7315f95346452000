import Seeded
import Testing
@testable import TextEngine

@Suite struct DisplayWidthTests {
    @Test func widthsOfCommonClusters() {
        #expect(DisplayWidth.width(of: "a") == 1)
        #expect(DisplayWidth.width(of: "é") == 1)
        #expect(DisplayWidth.width(of: Character("e\u{301}")) == 1)
        #expect(DisplayWidth.width(of: "日") == 2)
        #expect(DisplayWidth.width(of: "→") == 1)
        #expect(DisplayWidth.width(of: "👩‍💻") == 2)
        #expect(DisplayWidth.width(of: "🇩🇪") == 2)
        #expect(DisplayWidth.width(of: "❤") == 1)
        #expect(DisplayWidth.width(of: "❤️") == 2)
        #expect(DisplayWidth.width(of: "👍🏽") == 2)
        #expect(DisplayWidth.width(of: "1️⃣") == 2)
        #expect(DisplayWidth.width(of: "é 日本 → 👩‍💻") == 1 + 1 + 4 + 1 + 1 + 1 + 2)
    }

    @Test func agreesWithPythonWcwidthOnReferenceClusters() {
        for (text, width) in wcwidthReference {
            #expect(text.count == 1, "\(text) should be one cluster")
            #expect(DisplayWidth.width(of: Character(text)) == width, "width of \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func tabsExpandToTheNextTabStop() {
        #expect(DisplayWidth.width(of: "\t", atColumn: 0, tabWidth: 4) == 4)
        #expect(DisplayWidth.width(of: "\t", atColumn: 3, tabWidth: 4) == 1)
        #expect(DisplayWidth.width(of: "ab\tc", tabWidth: 4) == 5)
        #expect(DisplayWidth.width(of: "日\tc", tabWidth: 4) == 5)
    }

    @Test func controlCharactersAreShownInCaretNotation() {
        #expect(DisplayWidth.safeForm(of: "\u{1B}") == "^[")
        #expect(DisplayWidth.width(of: "\u{1B}") == 2)
        #expect(DisplayWidth.safeForm(of: "\u{7F}") == "^?")
        #expect(DisplayWidth.safeForm(of: "\u{9B}") == "<9b>")
        #expect(DisplayWidth.width(of: "\u{9B}") == 4)
        #expect(DisplayWidth.safeForm(of: "\r") == "^M")
        #expect(DisplayWidth.safeForm(of: "\u{0}") == "^@")
        #expect(DisplayWidth.safeText("a\u{1B}[31mred") == "a^[[31mred")
    }

    @Test func invisibleClustersGetAVisibleStandIn() {
        #expect(DisplayWidth.safeForm(of: "\u{200B}") == "<200b>")
        #expect(DisplayWidth.width(of: "\u{200B}") == 6)
        #expect(DisplayWidth.safeForm(of: "\u{202E}") == "<202e>")
        #expect(DisplayWidth.safeForm(of: "\u{301}") == "\u{25CC}\u{301}")
        #expect(DisplayWidth.width(of: "\u{301}") == 1)
        #expect(DisplayWidth.safeForm(of: "\u{FFFD}") == "\u{FFFD}")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let document = TextDocument(bytes: [0x61, 0xFF, 0x1B, 0x62])
        #expect(document.lines == ["a\u{FFFD}\u{1B}b"])
        #expect(DisplayWidth.safeText(document.lines[0]) == "a\u{FFFD}^[b")
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func safeTextNeverContainsControlsAndItsWidthMatches(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let pool: [Unicode.Scalar] = (0...0x3000).compactMap(Unicode.Scalar.init) + ["👩", "\u{200D}", "💻", "\u{FE0F}", "\u{1F1E9}", "\u{1F1EA}"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &random) { text.unicodeScalars.append(pool.randomElement(using: &random)!) }
            for cluster in text where cluster != "\t" {
                let safe = DisplayWidth.safeForm(of: cluster)
                #expect(!safe.unicodeScalars.contains { DisplayWidth.isControl($0.value) }, "\(cluster.unicodeScalars.map(\.value))")
                #expect(DisplayWidth.width(of: cluster) >= 1)
            }
        }
    }
}

@Suite struct VisibleFormTests {
    @Test func visibleFormAgreesWithSafeFormAndWidth() {
        for text in ["a", "\t", "\u{1B}", "\r\n", "日", "👩‍💻", "\u{200B}", "\u{301}", "\u{9B}", "é"] {
            let cluster = Character(text)
            let form = DisplayWidth.visibleForm(of: cluster)
            #expect(form.text == DisplayWidth.safeForm(of: cluster))
            #expect(form.width == DisplayWidth.width(of: cluster))
        }
    }
}
