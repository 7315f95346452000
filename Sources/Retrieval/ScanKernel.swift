import CVectorKernels
import Foundation

/// The code that scores int8 rows: chosen once per process from what the CPU offers, so one portable binary
/// scans at full memory bandwidth on CPUs with AVX2 and still runs on CPUs without it. Every kernel returns the
/// same scores (the integer dot product is exact; the float scaling is the same two multiplications).
public enum ScanKernel: String, Sendable, CaseIterable, Codable {
    /// The Swift SIMD kernel compiled for the baseline target (the scan before run-time dispatch; a baseline).
    case swift
    /// C compiled for the baseline target (SSE2 on x86-64): runs on any CPU.
    case portable
    /// C with AVX2 instructions, used only when the CPU reports AVX2 and FMA.
    case avx2

    /// The environment variable that forces a kernel (`swift`, `portable` or `avx2`), e.g. to test the fallback.
    public static let environmentKey = "RECALL_SCAN_KERNEL"

    /// The C kernel id (nil for the Swift kernel).
    var cKernel: Int32? {
        switch self {
        case .swift: nil
        case .portable: Int32(RECALL_KERNEL_PORTABLE)
        case .avx2: Int32(RECALL_KERNEL_AVX2)
        }
    }

    /// Whether this CPU can run the kernel.
    public var isSupported: Bool { cKernel.map { recall_kernel_supported($0) != 0 } ?? true }

    /// The fastest kernel this CPU supports.
    public static var best: ScanKernel { recall_kernel_best() == RECALL_KERNEL_AVX2 ? .avx2 : .portable }

    /// The kernel for `environment`: the forced one when it is known and supported, else the best; `warning` says
    /// why a forced kernel was not used.
    public static func select(environment: [String: String]) -> (kernel: ScanKernel, warning: String?) {
        guard let raw = environment[environmentKey]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return (best, nil) }
        guard let forced = ScanKernel(rawValue: raw.lowercased()) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            return (best, "\(environmentKey)=\(raw) is not a scan kernel (use \(names)); using \(best.rawValue)")
        }
        guard forced.isSupported else {
            return (best, "\(environmentKey)=\(raw): this CPU cannot run the \(raw) kernel; using \(best.rawValue)")
        }
        return (forced, nil)
    }

    /// The kernel every scan uses unless told otherwise, chosen once at start (see `select(environment:)`).
    public static let active: ScanKernel = select(environment: ProcessInfo.processInfo.environment).kernel

    /// Scores `count` int8 rows of `stride` values (a multiple of 32) against an int8 query of `stride` values:
    /// `out[i] = Float(dot(row i, query)) * scales[i] * queryScale`.
    static func int8Scores(_ kernel: ScanKernel, rows: UnsafePointer<Int8>, scales: UnsafePointer<Float>, count: Int, stride: Int,
                           query: UnsafePointer<Int8>, query16: UnsafePointer<Int16>, queryScale: Float, out: UnsafeMutablePointer<Float>) {
        if let c = kernel.cKernel {
            recall_int8_scores(c, rows, scales, count, stride, query, query16, queryScale, out)
            return
        }
        for r in 0..<count {
            out[r] = Float(VectorKernels.dot(rows + r &* stride, query16, stride)) * scales[r] * queryScale
        }
    }

    /// A 64-bit checksum of `bytes` (the same value from every kernel), continuing from `seed`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0, kernel: ScanKernel = .active) -> UInt64 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return recall_checksum(Int32(RECALL_KERNEL_PORTABLE), nil, 0, seed) }
        return recall_checksum(kernel.cKernel ?? Int32(RECALL_KERNEL_PORTABLE), base, bytes.count, seed)
    }
}
