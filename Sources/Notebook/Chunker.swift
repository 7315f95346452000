import Foundation

/// A piece of a snippet sized for search and embedding, with its place in the snippet body.
public struct ChunkDraft: Equatable, Sendable {
    /// Position of the chunk within its snippet, from 0.
    public var ordinal: Int
    public var text: String
    /// SHA-256 of `text`, so unchanged chunks are never re-embedded.
    public var contentHash: String
    /// UTF-8 byte offsets of the chunk in the snippet body: `body.utf8[start..<end]`.
    public var byteStart: Int
    public var byteEnd: Int
}

/// Splits snippet bodies into chunks. Markdown: blocks are paragraphs, list runs and fenced code; a heading opens a
/// new chunk and sticks to the block after it; a fenced block stays whole when it fits `maxBytes`. Code: groups of
/// lines separated by blank lines. Blocks are packed up to `targetBytes`; anything larger than `maxBytes` is cut at
/// line, then word, boundaries, never inside a character.
public struct Chunker: Sendable {
    public var targetBytes: Int
    public var maxBytes: Int

    /// Creates a chunker; defaults suit 512–2048-token embedding models.
    public init(targetBytes: Int = 1200, maxBytes: Int = 2400) {
        self.targetBytes = targetBytes
        self.maxBytes = max(maxBytes, targetBytes)
    }

    /// Chunks one snippet body.
    public func chunks(of body: String, kind: SnippetKind) -> [ChunkDraft] {
        let bytes = Array(body.utf8)
        let lines = lineRanges(bytes)
        let blocks = kind == .markdown ? markdownBlocks(bytes, lines) : codeBlocks(bytes, lines)
        var ranges: [Range<Int>] = []
        var current: Range<Int>?
        for block in blocks {
            for piece in split(block.range, bytes: bytes, lines: lines) {
                if let cur = current {
                    let merged = cur.lowerBound..<piece.upperBound
                    if block.startsSection || merged.count > targetBytes {
                        ranges.append(cur); current = piece
                    } else {
                        current = merged
                    }
                } else {
                    current = piece
                }
            }
        }
        if let cur = current { ranges.append(cur) }
        var out: [ChunkDraft] = []
        for r in ranges {
            let text = String(decoding: bytes[r], as: UTF8.self)
            if text.allSatisfy({ $0.isWhitespace }) { continue }
            out.append(ChunkDraft(ordinal: out.count, text: text, contentHash: ContentHash.of(text),
                                  byteStart: r.lowerBound, byteEnd: r.upperBound))
        }
        return out
    }

    struct Block { var range: Range<Int>; var startsSection: Bool }

    /// Byte ranges of lines, without their `\n`.
    func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A { out.append(start..<i); start = i + 1 }
        if start <= bytes.count { out.append(start..<bytes.count) }
        return out
    }

    func isBlank(_ bytes: [UInt8], _ r: Range<Int>) -> Bool { bytes[r].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }

    func markdownBlocks(_ bytes: [UInt8], _ lines: [Range<Int>]) -> [Block] {
        var blocks: [Block] = []
        var i = 0
        var pendingHeading: Int?  // start byte of a heading waiting for its block
        while i < lines.count {
            let line = lines[i]
            if isBlank(bytes, line) { i += 1; continue }
            let text = String(decoding: bytes[line], as: UTF8.self)
            if let fence = Fence(opening: text) {
                var j = i + 1
                while j < lines.count, !fence.closes(String(decoding: bytes[lines[j]], as: UTF8.self)) { j += 1 }
                let end = lines[min(j, lines.count - 1)].upperBound
                if let h = pendingHeading, end - h > maxBytes, end - line.lowerBound <= maxBytes {
                    // The heading and the fence do not fit together but the fence fits alone: keep the fence whole.
                    var k = i - 1
                    while k > 0 && isBlank(bytes, lines[k]) { k -= 1 }
                    blocks.append(Block(range: h..<lines[k].upperBound, startsSection: true))
                    pendingHeading = nil
                }
                let start = pendingHeading ?? line.lowerBound
                blocks.append(Block(range: start..<end, startsSection: pendingHeading != nil))
                pendingHeading = nil
                i = j + 1
                continue
            }
            if text.hasPrefix("#") && text.drop(while: { $0 == "#" }).first == " " {
                if let h = pendingHeading { blocks.append(Block(range: h..<lines[i - 1].upperBound, startsSection: true)) }
                pendingHeading = line.lowerBound
                i += 1
                continue
            }
            var j = i
            while j < lines.count, !isBlank(bytes, lines[j]) {
                let t = String(decoding: bytes[lines[j]], as: UTF8.self)
                if j > i && (Fence(opening: t) != nil || (t.hasPrefix("#") && t.drop(while: { $0 == "#" }).first == " ")) { break }
                j += 1
            }
            let start = pendingHeading ?? line.lowerBound
            blocks.append(Block(range: start..<lines[j - 1].upperBound, startsSection: pendingHeading != nil))
            pendingHeading = nil
            i = j
        }
        if let h = pendingHeading, let last = lines.last { blocks.append(Block(range: h..<last.upperBound, startsSection: true)) }
        return blocks
    }

    func codeBlocks(_ bytes: [UInt8], _ lines: [Range<Int>]) -> [Block] {
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            if isBlank(bytes, lines[i]) { i += 1; continue }
            var j = i
            while j < lines.count, !isBlank(bytes, lines[j]) { j += 1 }
            blocks.append(Block(range: lines[i].lowerBound..<lines[j - 1].upperBound, startsSection: false))
            i = j
        }
        return blocks
    }

    /// Cuts a range longer than `maxBytes` at line boundaries, then at spaces, then at character boundaries.
    func split(_ range: Range<Int>, bytes: [UInt8], lines: [Range<Int>]) -> [Range<Int>] {
        guard range.count > maxBytes else { return [range] }
        var out: [Range<Int>] = []
        var start = range.lowerBound
        while range.upperBound - start > maxBytes {
            let limit = start + maxBytes
            var cut = limit
            if let nl = (start + 1..<limit).reversed().first(where: { bytes[$0] == 0x0A }), nl > start + maxBytes / 4 {
                cut = nl
            } else if let sp = (start + 1..<limit).reversed().first(where: { bytes[$0] == 0x20 }), sp > start + maxBytes / 4 {
                cut = sp
            } else {
                while cut > start + 1 && (bytes[cut] & 0xC0) == 0x80 { cut -= 1 }  // not inside a UTF-8 sequence
            }
            out.append(start..<cut)
            start = cut
            while start < range.upperBound && (bytes[start] == 0x0A || bytes[start] == 0x20) { start += 1 }
        }
        if start < range.upperBound { out.append(start..<range.upperBound) }
        return out
    }
}
