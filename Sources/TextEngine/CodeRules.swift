/// The lexical rules of one language for `CodeHighlighter`.
struct CodeRules: Sendable {
    /// Reserved words (lowercase when `caseInsensitive`).
    var keywords: Set<String> = []
    /// Line comment openers.
    var lineComments: [[UInt8]] = []
    /// Whether a line comment must start a word (shell `#`).
    var commentNeedsWordStart = false
    /// Block comment delimiters.
    var blockComment: (open: [UInt8], close: [UInt8])?
    /// Single-byte string quotes.
    var quotes: Set<UInt8> = []
    /// Quotes whose strings may span lines (JavaScript template literals).
    var multilineQuotes: Set<UInt8> = []
    /// Triple-quote delimiters spanning lines (Python, Swift).
    var tripleQuotes: [String] = []
    /// Whether `'...'` has no escapes (shell, SQL).
    var rawSingleQuotes = false
    /// Whether a string followed by `:` is a key (JSON).
    var keysBeforeColon = false
    /// Whether keywords ignore case (SQL).
    var caseInsensitive = false
    /// Whether capitalised identifiers are types.
    var capitalisedTypes = false
    /// Whether `$` is part of identifiers (JavaScript).
    var dollarIdentifiers = false
    /// Bytes that start a sigil word (`@attribute`, `$variable`).
    var sigils: Set<UInt8> = []
    /// Colour of sigil words.
    var sigilKind: TokenKind = .type

    /// The rules for a language.
    static func rules(for language: Language) -> CodeRules {
        var rules = CodeRules()
        let cStyle: (open: [UInt8], close: [UInt8]) = (Array("/*".utf8), Array("*/".utf8))
        switch language {
        case .python:
            rules.keywords = ["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
                              "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
                              "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
                              "yield", "match", "case", "self", "cls"]
            rules.lineComments = [Array("#".utf8)]
            rules.quotes = [0x22, 0x27]
            rules.tripleQuotes = ["\"\"\"", "'''"]
            rules.capitalisedTypes = true
            rules.sigils = [UInt8(ascii: "@")]
        case .shell:
            rules.keywords = ["if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "in",
                              "function", "return", "local", "export", "readonly", "declare", "set", "unset", "shift",
                              "exit", "source", "alias", "select", "time", "trap", "eval", "exec"]
            rules.lineComments = [Array("#".utf8)]
            rules.commentNeedsWordStart = true
            rules.quotes = [0x22, 0x27, UInt8(ascii: "`")]
            rules.rawSingleQuotes = true
            rules.sigils = [UInt8(ascii: "$")]
            rules.sigilKind = .property
        case .swift:
            rules.keywords = ["associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
                              "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows",
                              "static", "struct", "subscript", "typealias", "var", "break", "case", "continue", "default",
                              "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch",
                              "where", "while", "as", "catch", "false", "is", "nil", "self", "Self", "super", "throw",
                              "throws", "true", "try", "async", "await", "actor", "some", "any", "mutating", "nonisolated",
                              "override", "final", "lazy", "weak", "unowned", "convenience", "required", "indirect", "get", "set",
                              "willSet", "didSet", "consume", "borrowing", "consuming", "sending", "package"]
            rules.lineComments = [Array("//".utf8)]
            rules.blockComment = cStyle
            rules.quotes = [0x22]
            rules.tripleQuotes = ["\"\"\""]
            rules.capitalisedTypes = true
            rules.sigils = [UInt8(ascii: "@"), UInt8(ascii: "#")]
        case .javascript, .typescript:
            rules.keywords = ["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
                              "else", "export", "extends", "finally", "for", "function", "if", "import", "in", "instanceof",
                              "new", "return", "super", "switch", "this", "throw", "try", "typeof", "var", "void", "while",
                              "with", "yield", "let", "static", "async", "await", "of", "from", "as", "true", "false", "null",
                              "undefined", "get", "set"]
            if language == .typescript {
                rules.keywords.formUnion(["interface", "type", "enum", "implements", "namespace", "declare", "readonly",
                                          "private", "protected", "public", "abstract", "keyof", "infer", "is", "satisfies",
                                          "string", "number", "boolean", "any", "unknown", "never", "object", "symbol", "bigint"])
            }
            rules.lineComments = [Array("//".utf8)]
            rules.blockComment = cStyle
            rules.quotes = [0x22, 0x27, UInt8(ascii: "`")]
            rules.multilineQuotes = [UInt8(ascii: "`")]
            rules.capitalisedTypes = true
            rules.dollarIdentifiers = true
            rules.sigils = [UInt8(ascii: "@")]
        case .json:
            rules.keywords = ["true", "false", "null"]
            rules.quotes = [0x22]
            rules.keysBeforeColon = true
            rules.lineComments = [Array("//".utf8)]
            rules.blockComment = cStyle
        case .sql:
            rules.keywords = ["select", "from", "where", "and", "or", "not", "insert", "into", "values", "update", "set",
                              "delete", "create", "table", "index", "view", "drop", "alter", "add", "column", "primary", "key",
                              "foreign", "references", "join", "inner", "left", "right", "outer", "full", "cross", "on", "as",
                              "group", "by", "order", "having", "limit", "offset", "distinct", "union", "all", "case", "when",
                              "then", "else", "end", "null", "is", "in", "like", "between", "exists", "with", "recursive",
                              "default", "unique", "check", "constraint", "asc", "desc", "begin", "commit", "rollback",
                              "transaction", "trigger", "if", "integer", "int", "text", "real", "blob", "varchar", "boolean",
                              "true", "false", "returning", "conflict", "do", "nothing", "replace", "virtual", "using", "pragma"]
            rules.caseInsensitive = true
            rules.lineComments = [Array("--".utf8)]
            rules.blockComment = cStyle
            rules.quotes = [0x22, 0x27]
            rules.rawSingleQuotes = true
        case .markdown, .plain:
            break
        }
        return rules
    }
}
