// swift-tools-version:6.0
// Recall — a keyboard-driven terminal study notebook.
// Layering rule: pure modules (Notebook, TextEngine, TextDiff, SRS, TUI, AppCore, Retrieval, Seeded, Grounding) import
// Foundation (and pure libraries) only; adapters (Store, HTTP, LLM, Terminal) sit at the edge;
// RecallKit wires services; benchmark harnesses live in RecallBench; only the `recall` executable links everything.
// scripts/check-deps (run by scripts/test) keeps the dependency lists below equal to what each target imports.
import PackageDescription

let package = Package(
    name: "Recall",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "recall", targets: ["recall"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C shims (system libraries).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "CRecallZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CRecallCrypto", path: "Sources/CCrypto"),
        // Scan kernels per instruction set, chosen at run time (Retrieval/ScanKernel.swift). Optimised in debug
        // builds too, so tests over large indexes stay fast; the AVX2 code is gated by a CPU check, never by the target.
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // The one fork/exec for snippet runs: rlimits and a process group set between fork and exec.
        .target(name: "CSpawn"),

        // Pure core.
        .target(name: "Notebook", dependencies: ["CRecallCrypto"]),
        .target(name: "TextEngine"),
        .target(name: "TextDiff"),
        .target(name: "Seeded"),
        .target(name: "SRS", dependencies: ["Seeded"]),
        .target(name: "TUI", dependencies: ["TextEngine", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "AppCore", dependencies: ["TUI", "TextEngine", "TextDiff", "SRS", "Notebook", "Grounding", "Execution"]),
        .target(name: "Retrieval", dependencies: ["CVectorKernels"]),
        .target(name: "Grounding", dependencies: ["Notebook", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "Execution", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // Pack format and the rules an untrusted pack must pass (pure: names, sizes, checksums, layout, merge decisions).
        .target(name: "Packs", dependencies: ["Notebook", "SRS"]),

        // Adapters.
        .target(name: "Store", dependencies: ["Notebook", "SRS", "Grounding", "Packs", "Execution", "CRecallZlib", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .target(name: "LLM", dependencies: ["HTTP"]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "TUI"]),

        // Wiring: config, services, effect interpreter.
        .target(name: "RecallKit", dependencies: [
            "Notebook", "Store", "LLM", "HTTP", "Retrieval", "SRS", "Grounding", "Packs", "Execution", "CSpawn",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),

        // Benchmarks and evaluation data sets (`recall bench`, `recall eval`): measured code stays in the library
        // targets, the harnesses and synthetic data live here, linked only by the executable and tests.
        .target(name: "RecallBench", dependencies: ["Retrieval", "TextEngine", "Seeded", .product(name: "GRDB", package: "GRDB.swift")]),

        // The executable.
        .executableTarget(name: "recall", dependencies: [
            "RecallKit", "RecallBench", "Terminal", "CNcursesw", "AppCore", "Store", "LLM", "Retrieval", "SRS", "Notebook", "TUI", "TextEngine", "TextDiff", "Seeded", "Grounding", "HTTP", "Packs", "Execution",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], plugins: ["BuildInfo"]),

        // Build-time: writes the git commit into the executable for `recall --version` (scripts/build-info).
        .plugin(name: "BuildInfo", capability: .buildTool()),

        // Test support: the one CLI runner, the tmux harness and the test-bed lookup (only test targets use it).
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        // Tests.
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Seeded"]),
        .testTarget(name: "TextEngineTests", dependencies: ["TextEngine", "Seeded"]),
        .testTarget(name: "TextDiffTests", dependencies: ["TextDiff", "Seeded"]),
        .testTarget(name: "SRSTests", dependencies: ["SRS", "Notebook", "Store", "Seeded"], exclude: ["Fixtures"]),
        .testTarget(name: "GroundingTests", dependencies: ["Grounding", "Seeded"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "TextEngine"]),
        .testTarget(name: "AppCoreTests", dependencies: ["AppCore", "Grounding", "TUI", "SRS", "Notebook", "Execution"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Notebook", "SRS", "Seeded", "Grounding", "Execution", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "HTTP", "RecallKit", "Store", "Retrieval", "Notebook", "TestSupport", "Grounding"]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "Notebook", "Store", "RecallKit", "RecallBench", "Seeded"], exclude: ["Fixtures"]),
        .testTarget(name: "RecallBenchTests", dependencies: ["RecallBench", "TextEngine"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "PacksTests", dependencies: ["Packs", "Notebook"]),
        .testTarget(name: "ExecutionTests", dependencies: ["Execution"]),
    ]
)
