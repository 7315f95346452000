// swift-tools-version:6.0
// Recall — a keyboard-driven terminal study notebook.
// Layering rule: pure modules (Notebook, TextEngine, SRS, TUI, AppCore, Retrieval, Seeded, Grounding) import
// Foundation (and pure libraries) only; adapters (Store, HTTP, LLM, Terminal) sit at the edge;
// RecallKit wires services; only the `recall` executable links everything.
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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C shims (system libraries).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),

        // Pure core.
        .target(name: "Notebook", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "TextEngine"),
        .target(name: "Seeded"),
        .target(name: "SRS", dependencies: ["Seeded"]),
        .target(name: "TUI", dependencies: ["TextEngine", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "AppCore", dependencies: ["TUI", "TextEngine", "SRS", "Notebook", "Retrieval"]),
        .target(name: "Retrieval", dependencies: ["Notebook", "Seeded"]),
        .target(name: "Grounding", dependencies: ["Notebook", .product(name: "TOMLKit", package: "TOMLKit")]),

        // Adapters.
        .target(name: "Store", dependencies: ["Notebook", "SRS", "Grounding", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .target(name: "LLM", dependencies: ["HTTP"]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "TUI"]),

        // Wiring: config, services, effect interpreter.
        .target(name: "RecallKit", dependencies: [
            "Notebook", "Store", "LLM", "Retrieval", "SRS", "AppCore", "Grounding",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),

        // The executable.
        .executableTarget(name: "recall", dependencies: [
            "RecallKit", "Terminal", "AppCore", "Store", "LLM", "Retrieval", "SRS", "Notebook", "TUI", "TextEngine", "Seeded", "Grounding", "HTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Test support: the one CLI runner, the tmux harness and the test-bed lookup (only test targets use it).
        .target(name: "TestSupport", dependencies: ["Seeded"], path: "Tests/TestSupport"),

        // Tests.
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Seeded"]),
        .testTarget(name: "TextEngineTests", dependencies: ["TextEngine", "Seeded"]),
        .testTarget(name: "SRSTests", dependencies: ["SRS", "Notebook", "Store", "Seeded"], exclude: ["Fixtures"]),
        .testTarget(name: "GroundingTests", dependencies: ["Grounding", "Notebook", "Seeded"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "TextEngine"]),
        .testTarget(name: "AppCoreTests", dependencies: ["AppCore", "TUI", "TextEngine", "Notebook"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Notebook", "SRS", "Seeded", "Grounding", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "HTTP", "RecallKit", "Store", "Retrieval", "Notebook", "TestSupport", "Grounding"]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "Notebook", "Store", "RecallKit", "Seeded"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ]
)
