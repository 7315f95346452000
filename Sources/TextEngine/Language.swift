import Foundation

/// The languages the highlighter knows.
public enum Language: String, Hashable, Sendable, CaseIterable {
    /// Markdown prose.
    case markdown
    /// No colouring.
    case plain
    /// Python.
    case python
    /// POSIX shell / bash.
    case shell
    /// Swift.
    case swift
    /// JavaScript.
    case javascript
    /// TypeScript.
    case typescript
    /// JSON.
    case json
    /// SQL.
    case sql

    /// Recognises a language name or file extension ("py", "bash", "ts", "jsonc" …), case-insensitively.
    public init?(name: String) {
        switch name.lowercased().trimmingCharacters(in: .whitespaces) {
        case "markdown", "md": self = .markdown
        case "python", "py", "python3": self = .python
        case "shell", "sh", "bash", "zsh", "console", "shell-session": self = .shell
        case "swift": self = .swift
        case "javascript", "js", "jsx", "mjs", "cjs", "node": self = .javascript
        case "typescript", "ts", "tsx": self = .typescript
        case "json", "jsonc", "json5": self = .json
        case "sql", "sqlite", "postgres", "postgresql", "mysql": self = .sql
        case "text", "txt", "plain", "": self = .plain
        default: return nil
        }
    }
}
