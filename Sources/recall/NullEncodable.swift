/// An optional that a JSON document writes as `null` instead of leaving its key out: `--json` documents are
/// contracts whose every key is always present. Synthesised `Encodable` skips a plain optional that is nil.
@propertyWrapper
struct NullEncodable<Value: Encodable>: Encodable {
    /// The value, or nil for `null`.
    var wrappedValue: Value?

    /// Wraps a value (nil writes `null`).
    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// Writes the value, or `null`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}
