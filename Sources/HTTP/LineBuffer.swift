import Foundation

/// Splits a byte stream into `\n`-terminated lines, keeping partial lines across chunks.
///
/// One network read can end in the middle of a line (even inside a multi-byte character)
/// or carry several lines; only complete lines are returned.
public struct LineBuffer: Sendable {
    private var pending = Data()
    /// The longest line accepted; longer lines make `append` throw.
    public let maxLineLength: Int

    /// Creates an empty buffer; the default limit matches Ollama's client (8 MB).
    public init(maxLineLength: Int = 8 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Adds bytes and returns the lines they complete, without `\n` or a trailing `\r`.
    public mutating func append(_ bytes: Data) throws -> [Data] {
        var lines: [Data] = []
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            var line = pending
            line.append(bytes[start..<newline])
            pending.removeAll(keepingCapacity: true)
            lines.append(Self.trimCR(line))
            start = bytes.index(after: newline)
        }
        pending.append(bytes[start...])
        if pending.count > maxLineLength { throw HTTPError.lineTooLong(limit: maxLineLength) }
        return lines
    }

    /// True while a line has started but its `\n` has not arrived yet.
    public var hasPartialLine: Bool { !pending.isEmpty }

    /// Returns the unterminated last line, if any, and empties the buffer.
    public mutating func finish() -> Data? {
        defer { pending = Data() }
        let rest = Self.trimCR(pending)
        return rest.isEmpty ? nil : rest
    }

    private static func trimCR(_ line: Data) -> Data {
        if line.last == 0x0D { return Data(line.dropLast()) }
        return Data(line)
    }
}
