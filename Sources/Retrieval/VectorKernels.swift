/// SIMD dot-product kernels over padded rows (length a multiple of 32 scalars).
///
/// Written with Swift SIMD types and explicit per-lane widening so that LLVM emits packed
/// instructions even for the baseline x86-64 target (SSE2): `pmaddwd` for int8, `mulps/addps`
/// for float32, integer shifts plus one multiply for float16. `addProduct` is avoided on purpose:
/// without FMA in the target it lowers to a `fmaf` call per lane.
enum VectorKernels {
    /// Rows and queries are padded with zeros to a multiple of this many scalars.
    static let lanes = 32

    /// Rounds `dimension` up to the padded row stride.
    @inline(__always)
    static func stride(for dimension: Int) -> Int { (dimension + lanes - 1) / lanes * lanes }

    /// Dot product of two float32 rows of `count` scalars (a multiple of 32).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        let pa = UnsafeRawPointer(a), pb = UnsafeRawPointer(b)
        var offset = 0
        let end = count &* 4
        while offset < end {
            let x0 = pa.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            let y0 = pb.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            let x1 = pa.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self)
            let y1 = pb.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self)
            acc0 += x0 * y0
            acc1 += x1 * y1
            offset &+= 128
        }
        return (acc0 + acc1).sum()
    }

    /// Dot product of a float16 row (raw IEEE half bits) with a float32 query, `count` a multiple of 32.
    ///
    /// Half to float by bit manipulation: shift exponent and mantissa into float position, then
    /// multiply by 2^112 to re-bias the exponent (exact for normal and subnormal halves; vectors
    /// never hold Inf/NaN because they are validated before storage).
    @inline(__always)
    static func dot(_ a: UnsafePointer<UInt16>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        let pa = UnsafeRawPointer(a), pb = UnsafeRawPointer(b)
        var i = 0
        while i < count {
            let h0 = pa.loadUnaligned(fromByteOffset: i &* 2, as: SIMD16<UInt16>.self)
            let h1 = pa.loadUnaligned(fromByteOffset: i &* 2 &+ 32, as: SIMD16<UInt16>.self)
            let y0 = pb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            let y1 = pb.loadUnaligned(fromByteOffset: i &* 4 &+ 64, as: SIMD16<Float>.self)
            acc0 += halfToFloat(h0) * y0
            acc1 += halfToFloat(h1) * y1
            i &+= 32
        }
        return (acc0 + acc1).sum()
    }

    /// Converts 16 half-precision bit patterns to float32 (finite values only).
    @inline(__always)
    static func halfToFloat(_ h: SIMD16<UInt16>) -> SIMD16<Float> {
        var w = SIMD16<UInt32>()
        for j in 0..<16 { w[j] = UInt32(truncatingIfNeeded: h[j]) }
        let sign = (w & 0x8000) &<< 16
        let magnitude = (w & 0x7FFF) &<< 13
        var f = SIMD16<Float>()
        let bits = magnitude
        for j in 0..<16 { f[j] = Float(bitPattern: bits[j]) }
        f *= 0x1p112
        var out = SIMD16<Float>()
        for j in 0..<16 { out[j] = Float(bitPattern: f[j].bitPattern | sign[j]) }
        return out
    }

    /// Integer dot product of an int8 row with a query pre-widened to int16, `count` a multiple of 32.
    ///
    /// The query is widened once per search, so each row costs one unpack/shift per 8 values and one
    /// `pmaddwd` (int16 × int16, pairs summed into int32) — the pattern LLVM matches even on baseline SSE2.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Int8>, _ q: UnsafePointer<Int16>, _ count: Int) -> Int32 {
        var acc0 = SIMD16<Int32>(), acc1 = SIMD16<Int32>()
        let pa = UnsafeRawPointer(a), pq = UnsafeRawPointer(q)
        var i = 0
        while i < count {
            let x0 = pa.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
            let x1 = pa.loadUnaligned(fromByteOffset: i &+ 16, as: SIMD16<Int8>.self)
            let y0 = pq.loadUnaligned(fromByteOffset: i &* 2, as: SIMD16<Int16>.self)
            let y1 = pq.loadUnaligned(fromByteOffset: i &* 2 &+ 32, as: SIMD16<Int16>.self)
            acc0 &+= widen(x0) &* widen(y0)
            acc1 &+= widen(x1) &* widen(y1)
            i &+= 32
        }
        return (acc0 &+ acc1).wrappedSum()
    }

    /// Sign-extends 16 int8 lanes to int32 (one lane loop per call so LLVM fully unrolls it into `pmovsx`/unpacks).
    @inline(__always)
    static func widen(_ x: SIMD16<Int8>) -> SIMD16<Int32> {
        var out = SIMD16<Int32>()
        for j in 0..<16 { out[j] = Int32(x[j]) }
        return out
    }

    /// Sign-extends 16 int16 lanes to int32.
    @inline(__always)
    static func widen(_ x: SIMD16<Int16>) -> SIMD16<Int32> {
        var out = SIMD16<Int32>()
        for j in 0..<16 { out[j] = Int32(x[j]) }
        return out
    }
}
