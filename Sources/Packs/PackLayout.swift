import Foundation
import Notebook

/// How pack content becomes archive files and back. Pure: the archive adapter only moves bytes.
public enum PackLayout {
    /// The files of a pack, `manifest.json` first, each with its bytes; the manifest lists the others' checksums.
    public static func files(for content: PackContent, recallVersion: String, createdAt: Date) throws -> [(path: String, data: Data)] {
        var metadata = content.metadata
        var out: [(path: String, data: Data)] = []
        var usedFiles = Set<String>()
        let projectFolders = folders(metadata.projects)
        let byNotebook = Dictionary(grouping: metadata.snippets.indices, by: { metadata.snippets[$0].notebookID })
        for i in metadata.notebooks.indices {
            let nb = metadata.notebooks[i]
            let snippets = (byNotebook[nb.id] ?? []).map { metadata.snippets[$0] }
            let parsed = ParsedNotebook(title: nb.title, tags: nb.tags, snippets: snippets.map {
                // The status is written as the last tag, as `recall export` does, so the file reads the same.
                ParsedSnippet(title: $0.title, kind: $0.kind, language: $0.language, tags: StatusTags.joined($0.tags, status: $0.status),
                              body: content.bodies[$0.id] ?? "")
            })
            let markdown = MarkdownFormat.render(parsed)
            let exact = roundTrips(markdown, parsed)
            var name = slug((nb.sourceName.map { ($0 as NSString).deletingPathExtension }) ?? nb.title)
            let folder = PackFormat.notebooksFolder + (projectFolders[nb.projectID] ?? "untitled")
            var path = "\(folder)/\(name).md"
            var n = 2
            while usedFiles.contains(path) { name = slug(nb.title) + "-\(n)"; path = "\(folder)/\(name).md"; n += 1 }
            usedFiles.insert(path)
            metadata.notebooks[i].file = path
            metadata.notebooks[i].bodiesInMetadata = !exact
            if !exact {
                for j in byNotebook[nb.id] ?? [] {
                    metadata.snippets[j].body = content.bodies[metadata.snippets[j].id] ?? ""
                }
            }
            out.append((path, Data(markdown.utf8)))
        }
        let encoder = PackCoding.encoder
        out.insert((PackFormat.metadataPath, try encoder.encode(metadata)), at: 0)
        out.insert((PackFormat.cardsPath, try encoder.encode(content.cards)), at: 1)
        if content.withRevisions { out.insert((PackFormat.revisionsPath, try encoder.encode(content.revisions)), at: 2) }
        if let v = content.vectors { out.append((PackFormat.vectorsPath, PackVectorCodec.encode(v))) }
        let manifest = PackManifest(recallVersion: recallVersion, createdAt: createdAt, counts: content.counts,
                                    embeddingModel: content.vectors?.model ?? content.embeddingModel, withScheduling: content.withScheduling,
                                    withRevisions: content.withRevisions,
                                    entries: out.map { PackEntryDigest(path: $0.path, bytes: $0.data.count, sha256: ContentHash.of(bytes: $0.data)) },
                                    embeddings: content.vectors?.manifestInfo)
        out.insert((PackFormat.manifestPath, try encoder.encode(manifest)), at: 0)
        return out
    }

    /// Reads a pack's files (already checked against `manifest`) back into content, checking that every id is a
    /// UUID, every reference points inside the pack, every markdown section matches its snippet and every text
    /// hashes to its stated checksum.
    public static func content(from files: [String: Data], manifest: PackManifest) throws -> PackContent {
        let decoder = PackCoding.decoder
        func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
            guard let data = files[path] else { throw PackRefusal.missingEntry(path) }
            let text = try PackRules.text(data, path: path)
            do { return try decoder.decode(T.self, from: Data(text.utf8)) } catch {
                throw PackRefusal.corrupt("\(path): \(PackCoding.describe(error))")
            }
        }
        let metadata = try decode(PackMetadata.self, PackFormat.metadataPath)
        let cards = try decode(PackCards.self, PackFormat.cardsPath)
        let revisions = manifest.withRevisions ? try decode([PackRevision].self, PackFormat.revisionsPath) : []

        try PackRules.checkValues(metadata, cards, revisions)

        // Ids and references.
        var ids = Set<String>()
        for id in metadata.projects.map(\.id) + metadata.notebooks.map(\.id) + metadata.snippets.map(\.id) + cards.decks.map(\.id) + cards.cards.map(\.id) {
            guard isUUID(id) else { throw PackRefusal.inconsistent("id '\(id.prefix(40))' is not a UUID") }
            guard ids.insert(id).inserted else { throw PackRefusal.inconsistent("id \(id) appears twice") }
        }
        let projectIDs = Set(metadata.projects.map(\.id)), notebookIDs = Set(metadata.notebooks.map(\.id))
        let snippetIDs = Set(metadata.snippets.map(\.id)), deckIDs = Set(cards.decks.map(\.id)), cardIDs = Set(cards.cards.map(\.id))
        for nb in metadata.notebooks where !projectIDs.contains(nb.projectID) { throw PackRefusal.inconsistent("notebook \(nb.id) names a project the pack lacks") }
        for s in metadata.snippets where !notebookIDs.contains(s.notebookID) { throw PackRefusal.inconsistent("snippet \(s.id) names a notebook the pack lacks") }
        for c in cards.cards {
            if !deckIDs.contains(c.deckID) { throw PackRefusal.inconsistent("card \(c.id) names a deck the pack lacks") }
            if let s = c.sourceSnippetID, !snippetIDs.contains(s) { throw PackRefusal.inconsistent("card \(c.id) names a snippet the pack lacks") }
        }
        let reviewIDs = Set(cards.reviews.map(\.id))
        for r in cards.reviews {
            if !cardIDs.contains(r.cardID) { throw PackRefusal.inconsistent("a review names a card the pack lacks") }
            if let u = r.undoes, !reviewIDs.contains(u) { throw PackRefusal.inconsistent("a review undoes a row the pack lacks") }
        }
        for r in revisions where !snippetIDs.contains(r.snippetID) { throw PackRefusal.inconsistent("a revision names a snippet the pack lacks") }

        // Texts: from the markdown sections, or from the metadata, and always matching their checksums.
        var bodies: [String: String] = [:]
        var usedFiles = Set<String>()
        let byNotebook = Dictionary(grouping: metadata.snippets, by: \.notebookID)
        for nb in metadata.notebooks {
            guard usedFiles.insert(nb.file).inserted else { throw PackRefusal.inconsistent("two notebooks name \(nb.file)") }
            guard let data = files[nb.file] else { throw PackRefusal.missingEntry(nb.file) }
            let markdown = try PackRules.text(data, path: nb.file)
            let snippets = byNotebook[nb.id] ?? []
            if nb.bodiesInMetadata {
                for s in snippets {
                    guard let body = s.body else { throw PackRefusal.inconsistent("snippet \(s.id) has no text") }
                    bodies[s.id] = body
                }
            } else {
                let parsed = MarkdownFormat.parse(markdown, fallbackTitle: nb.title).snippets
                guard parsed.count == snippets.count else {
                    throw PackRefusal.inconsistent("\(nb.file) has \(parsed.count) sections but the metadata lists \(snippets.count) snippets")
                }
                for (s, p) in zip(snippets, parsed) {
                    guard p.title == s.title else { throw PackRefusal.inconsistent("\(nb.file): section '\(p.title.prefix(60))' where the metadata has '\(s.title.prefix(60))'") }
                    bodies[s.id] = p.body
                }
            }
            for s in snippets where ContentHash.of(bodies[s.id] ?? "") != s.contentHash {
                throw PackRefusal.checksumMismatch("\(nb.file) (snippet '\(s.title.prefix(60))')")
            }
        }
        // Vectors: only with the manifest's embeddings entry, and then checked completely (`PackVectorCodec.decode`).
        var vectors: PackVectors?
        if let info = manifest.embeddings {
            guard let data = files[PackFormat.vectorsPath] else { throw PackRefusal.missingEntry(PackFormat.vectorsPath) }
            vectors = try PackVectorCodec.decode(data, info: info, snippetIDs: snippetIDs)
        } else if files[PackFormat.vectorsPath] != nil {
            throw PackRefusal.inconsistent("\(PackFormat.vectorsPath) is present but the manifest describes no embeddings")
        }
        let content = PackContent(metadata: metadata, bodies: bodies, cards: cards, revisions: revisions,
                                  withScheduling: manifest.withScheduling, withRevisions: manifest.withRevisions,
                                  embeddingModel: manifest.embeddingModel, vectors: vectors)
        if content.counts != manifest.counts { throw PackRefusal.inconsistent("the manifest's counts differ from the content") }
        return content
    }

    /// Whether parsing the rendered markdown gives back exactly these snippets.
    static func roundTrips(_ markdown: String, _ notebook: ParsedNotebook) -> Bool {
        let back = MarkdownFormat.parse(markdown, fallbackTitle: notebook.title)
        guard back.snippets.count == notebook.snippets.count else { return false }
        return zip(back.snippets, notebook.snippets).allSatisfy { a, b in
            a.title == b.title && a.kind == b.kind && a.body == b.body && a.tags == b.tags
                && (a.kind == .markdown || a.language == b.language)
        }
    }

    /// One folder name per project: its title as a slug, made unique.
    static func folders(_ projects: [PackProject]) -> [String: String] {
        var used = Set<String>(), out: [String: String] = [:]
        for p in projects {
            var name = slug(p.title), n = 2
            while used.contains(name) { name = slug(p.title) + "-\(n)"; n += 1 }
            used.insert(name); out[p.id] = name
        }
        return out
    }

    /// A safe ASCII path component: lower-case letters, digits and single dashes; never empty.
    static func slug(_ title: String) -> String {
        var out = ""
        for ch in title.lowercased().unicodeScalars {
            if ch.isASCII && (CharacterSet.alphanumerics.contains(ch)) { out.unicodeScalars.append(ch) }
            else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "untitled" : String(out.prefix(80))
    }

    /// A lower-case 8-4-4-4-12 hex UUID.
    static func isUUID(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return parts.allSatisfy { $0.allSatisfy { ch in ch.isHexDigit && !ch.isUppercase } }
    }
}
