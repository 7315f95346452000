import Foundation
import TOMLKit

/// The prompts of Ask, as a data file a user can read and override (`prompts/ask.toml`).
///
/// The built-in copy is compiled in (`embeddedTOML`); a user file is read over it key by key, so it may set only
/// the keys it changes. The source block format is not part of the template: it is fixed so that escaping
/// (`SourceBlock.escape`) always matches the delimiters actually sent.
public struct PromptTemplate: Sendable, Hashable {
    /// The system message for answering (rules: only the sources, `[n]` after each claim, "not in your notes").
    public var system: String
    /// The user message for answering; holds `{sources}` and `{question}`.
    public var user: String
    /// The system message for rewriting a follow-up into a standalone query.
    public var rewriteSystem: String
    /// The user message for the rewrite; holds `{history}` and `{question}`.
    public var rewriteUser: String

    /// Creates a template (see `validate()` for the placeholders each part needs).
    public init(system: String, user: String, rewriteSystem: String, rewriteUser: String) {
        self.system = system
        self.user = user
        self.rewriteSystem = rewriteSystem
        self.rewriteUser = rewriteUser
    }

    /// The built-in template.
    public static let builtIn: PromptTemplate = {
        // The embedded text is checked by a test against prompts/ask.toml and always parses.
        (try? PromptTemplate.parse(toml: embeddedTOML)) ?? PromptTemplate(system: "", user: "{sources}\n{question}",
                                                                           rewriteSystem: "", rewriteUser: "{history}\n{question}")
    }()

    /// The keys a template file may hold.
    public static let keys = ["system", "user", "rewrite_system", "rewrite_user"]

    /// Reads a template file; keys it leaves out come from `base`. Unknown keys, non-string values and missing
    /// placeholders are errors that name the key and the fix.
    public static func parse(toml text: String, over base: PromptTemplate? = nil) throws -> PromptTemplate {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw PromptTemplateError("not valid TOML at line \(e.source.begin.line): \(e.description)")
        } catch {
            throw PromptTemplateError("not valid TOML: \(error)")
        }
        var values: [String: String] = [:]
        for (key, value) in table {
            guard keys.contains(key) else {
                throw PromptTemplateError("unknown key '\(key)' — the keys are \(keys.joined(separator: ", "))")
            }
            guard let text = value.string else { throw PromptTemplateError("'\(key)' must be a string") }
            values[key] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func pick(_ key: String, _ fallback: String?) throws -> String {
            if let v = values[key] { return v }
            if let fallback { return fallback }
            throw PromptTemplateError("'\(key)' is missing")
        }
        let template = PromptTemplate(system: try pick("system", base?.system), user: try pick("user", base?.user),
                                      rewriteSystem: try pick("rewrite_system", base?.rewriteSystem),
                                      rewriteUser: try pick("rewrite_user", base?.rewriteUser))
        try template.validate()
        return template
    }

    /// Checks that each message holds the placeholders it must fill.
    public func validate() throws {
        for (key, text, needed) in [("user", user, ["{sources}", "{question}"]),
                                    ("rewrite_user", rewriteUser, ["{history}", "{question}"])] {
            for placeholder in needed where !text.contains(placeholder) {
                throw PromptTemplateError("'\(key)' must contain \(placeholder)")
            }
        }
    }
}

/// A prompt template file that cannot be used, with what to fix.
public struct PromptTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
