import Foundation

/// Validation, normalisation, quantisation and BLOB encoding of embedding vectors.
public enum VectorMath {
    /// Checks length and finiteness and returns the unit-length copy of `vector`.
    public static func normalized(_ vector: [Float], dimension: Int) throws -> [Float] {
        guard vector.count == dimension else { throw RetrievalError.dimensionMismatch(expected: dimension, got: vector.count) }
        var sum: Double = 0
        for x in vector {
            guard x.isFinite else { throw RetrievalError.nonFiniteVector }
            sum += Double(x) * Double(x)
        }
        guard sum > 0, sum.isFinite else { throw RetrievalError.zeroVector }
        let inv = Float(1 / sum.squareRoot())
        return vector.map { $0 * inv }
    }

    /// Checks a vector as a model returned it (any length > 0, finite, not all zero).
    public static func validate(_ vector: [Float]) throws {
        _ = try normalized(vector, dimension: vector.count)
    }

    /// Symmetric int8 quantisation: values in -127...127 and the scale that maps them back.
    public static func quantizeInt8(_ vector: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Int8>) -> Float {
        var maxAbs: Float = 0
        for x in vector { maxAbs = max(maxAbs, abs(x)) }
        guard maxAbs > 0 else {
            for i in out.indices { out[i] = 0 }
            return 0
        }
        let f = 127 / maxAbs
        for i in out.indices {
            out[i] = i < vector.count ? Int8((vector[i] * f).rounded().clamped(to: -127...127)) : 0
        }
        return maxAbs / 127
    }

    /// The IEEE half bit pattern nearest to `x` (round to nearest even; finite inputs).
    public static func halfBits(_ x: Float) -> UInt16 {
        #if arch(x86_64) || arch(arm64)
        return Float16(x).bitPattern
        #else
        return halfBitsPortable(x)
        #endif
    }

    /// Portable float to half conversion (used where `Float16` is unavailable).
    static func halfBitsPortable(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let a = abs(x)
        if a >= 65520 { return sign | 0x7C00 }
        if a < 0x1p-25 { return sign }
        if a < 0x1p-14 { return sign | UInt16((a * 0x1p24).rounded(.toNearestOrEven)) }
        let e = Int((bits >> 23) & 0xFF) - 127 + 15
        var m = Int(bits & 0x7FFFFF)
        let round = m & 0x1FFF
        m >>= 13
        var h = (e << 10) | m
        if round > 0x1000 || (round == 0x1000 && (m & 1) == 1) { h += 1 }
        return sign | UInt16(h)
    }

    /// Float32 value of an IEEE half bit pattern.
    public static func halfValue(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let magnitude = UInt32(h & 0x7FFF) << 13
        let f = Float(bitPattern: magnitude) * 0x1p112
        return Float(bitPattern: f.bitPattern | sign)
    }

    /// Encodes a vector as float32 little-endian bytes (the stored BLOB format).
    public static func blob(_ vector: [Float]) -> Data {
        var data = Data(count: vector.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, x) in vector.enumerated() {
                raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        return data
    }

    /// Decodes a float32 little-endian BLOB of `dimension` values.
    public static func vector(fromBlob data: Data, dimension: Int) throws -> [Float] {
        guard data.count == dimension * 4 else { throw RetrievalError.corruptBlob(bytes: data.count, dimension: dimension) }
        return data.withUnsafeBytes { raw in
            (0..<dimension).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// Cosine similarity of two vectors of equal length (not assumed normalised).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Double = 0, na: Double = 0, nb: Double = 0
        for i in 0..<min(a.count, b.count) {
            dot += Double(a[i]) * Double(b[i]); na += Double(a[i]) * Double(a[i]); nb += Double(b[i]) * Double(b[i])
        }
        guard na > 0, nb > 0 else { return 0 }
        return Float(dot / (na.squareRoot() * nb.squareRoot()))
    }
}

extension Comparable {
    /// The value limited to `range`.
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
