import Foundation
import TOMLKit

/// The prompt of one assistant action, as a data file a user can read and override (`prompts/assist-ACTION.toml`).
/// The built-in copies are compiled in (`AssistTemplate.embeddedTOML`); a user file is read over its built-in copy
/// key by key. `user` must hold `{snippet}`, where the snippet is put as quoted data; `{title}` and `{language}`
/// may be used too.
public struct AssistTemplate: Sendable, Hashable {
    /// The system message (what to do, and that the snippet is data).
    public var system: String
    /// The user message; holds `{snippet}`.
    public var user: String

    /// A template.
    public init(system: String, user: String) {
        self.system = system
        self.user = user
    }

    /// The keys a template file may hold.
    public static let keys = ["system", "user"]

    /// The file name of an action's prompt (`assist-refactor.toml`).
    public static func fileName(_ action: AssistAction) -> String { "assist-\(action.rawValue).toml" }

    /// The built-in template of an action.
    public static func builtIn(_ action: AssistAction) -> AssistTemplate {
        // The embedded texts are checked by a test against prompts/assist-*.toml and always parse.
        (embeddedTOML[action.rawValue].flatMap { try? parse(toml: $0) }) ?? AssistTemplate(system: "", user: "{snippet}")
    }

    /// Reads a template file; keys it leaves out come from `base`. Unknown keys, non-strings and a `user` without
    /// `{snippet}` are errors naming the key and the fix.
    public static func parse(toml text: String, over base: AssistTemplate? = nil) throws -> AssistTemplate {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw PromptTemplateError("not valid TOML at line \(e.source.begin.line): \(e.description)")
        } catch {
            throw PromptTemplateError("not valid TOML: \(error)")
        }
        var values: [String: String] = [:]
        for (key, value) in table {
            guard keys.contains(key) else { throw PromptTemplateError("unknown key '\(key)' — the keys are \(keys.joined(separator: ", "))") }
            guard let text = value.string else { throw PromptTemplateError("'\(key)' must be a string") }
            values[key] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let system = values["system"] ?? base?.system else { throw PromptTemplateError("'system' is missing") }
        guard let user = values["user"] ?? base?.user else { throw PromptTemplateError("'user' is missing") }
        guard user.contains("{snippet}") else { throw PromptTemplateError("'user' must contain {snippet}") }
        return AssistTemplate(system: system, user: user)
    }
}

/// Builds the messages of an assistant action: the snippet goes in as quoted data inside `<snippet>` delimiters
/// (any `<snippet`/`</snippet` inside the note escaped as `&lt;`), never as instructions.
public enum AssistPrompt {
    /// The delimiter tag around the snippet.
    public static let tag = "snippet"

    /// The snippet block: `<snippet title="…" language="…">`, the escaped text, `</snippet>`.
    public static func block(_ subject: AssistSubject) -> String {
        var open = "<\(tag) title=\"\(SourceBlock.attribute(subject.title, tag: tag))\""
        if let language = subject.language, !language.isEmpty { open += " language=\"\(SourceBlock.attribute(language, tag: tag))\"" }
        if subject.isSelection { open += " part=\"selection\"" }
        return open + ">\n" + SourceBlock.escape(subject.text, tag: tag) + (subject.text.hasSuffix("\n") ? "" : "\n") + "</\(tag)>"
    }

    /// The system and user messages for an action on a subject.
    public static func messages(_ action: AssistAction, subject: AssistSubject, template: AssistTemplate? = nil) -> [PromptMessage] {
        let template = template ?? .builtIn(action)
        let language = subject.language ?? (subject.kind == .markdown ? "markdown" : "code")
        let user = AskPrompt.fill(template.user, ["snippet": block(subject), "title": SourceBlock.attribute(subject.title, tag: tag),
                                                  "language": language])
        return [PromptMessage(role: .system, content: template.system), PromptMessage(role: .user, content: user)]
    }
}
