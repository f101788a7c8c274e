// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rapport",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rapport", targets: ["rapport"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Model layer
        // The one number formatter (text, CSV, JSON), shared by the model and terminal layers
        .target(name: "Numbers"),
        .target(name: "Instruments", dependencies: ["Numbers"]),
        // renameat2 (RENAME_EXCHANGE), which Swift's Glibc module does not import: header only
        .systemLibrary(name: "CFileOps", path: "Sources/CFileOps"),
        .target(
            name: "Store",
            dependencies: [
                "Instruments", "CFileOps",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(name: "Analytics", dependencies: ["Instruments", "Store", "Numbers"]),
        // Output formats for other systems (FHIR, REDCap) and the printable report
        .target(
            name: "Formats",
            dependencies: [
                "Instruments", "Store", "Analytics", "ScreenKit", "AppCore", "AppUI", "Numbers",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Terminal layer
        .target(name: "ScreenKit", dependencies: ["Numbers"]),
        .target(name: "AppCore", dependencies: ["Instruments", "Store", "Analytics", "Numbers"]),
        .target(name: "AppUI", dependencies: ["AppCore", "ScreenKit", "Instruments", "Store", "Numbers"]),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses", providers: [.apt(["libncurses-dev"])]),
        // Terminal modes: termios changes, signals, crash restore, the line reader (state a
        // signal handler reads is atomic)
        .target(name: "TerminalPlatform", dependencies: ["CNCurses"]),
        .target(name: "CursesTerminal", dependencies: ["CNCurses", "ScreenKit", "TerminalPlatform"]),
        // Executable
        .executableTarget(
            name: "rapport",
            dependencies: [
                "Instruments", "Store", "Analytics", "ScreenKit", "AppCore", "AppUI", "CursesTerminal", "Numbers",
                "Formats", "TerminalPlatform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks for Scripts/bench*.sh (store, caseload open, one client, chart render, keys); never used by the app
        .executableTarget(
            name: "rapport-bench",
            dependencies: [
                "Store", "Instruments", "Analytics", "ScreenKit", "AppCore", "AppUI", "CursesTerminal",
                "TerminalPlatform", "Formats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Tests
        .target(name: "TestSupport", dependencies: ["Instruments", "Store", "ScreenKit", "AppCore"]),
        .testTarget(
            name: "InstrumentsTests", dependencies: ["Instruments", "Numbers", "TestSupport"], exclude: ["Reference"]),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "Instruments", "TestSupport", "CFileOps"], exclude: ["Fixtures"]
        ),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Instruments", "Store", "TestSupport"]),
        .testTarget(name: "ScreenKitTests", dependencies: ["ScreenKit", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "ScreenKit"]),
        .testTarget(name: "TerminalPlatformTests", dependencies: ["TerminalPlatform"]),
        .testTarget(
            name: "AppCoreTests",
            dependencies: ["AppCore", "Analytics", "Instruments", "Store", "TestSupport"]),
        .testTarget(
            name: "AppUITests", dependencies: ["AppUI", "AppCore", "ScreenKit", "Instruments", "Store", "TestSupport"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "FormatsTests",
            dependencies: ["Formats", "Instruments", "Store", "AppCore", "ScreenKit", "TestSupport"]),
        .testTarget(
            name: "RapportCLITests",
            dependencies: ["Instruments", "Store", "AppCore", "TestSupport", "rapport"]
        ),
    ]
)

// CI builds with every warning an error (RAPPORT_WARNINGS_AS_ERRORS=1 in .ci/run, for the build and the
// tests alike so both share one build). A user's build with a newer compiler is not broken by a new warning.
if Context.environment["RAPPORT_WARNINGS_AS_ERRORS"] == "1" {
    for target in package.targets where target.type != .system {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-warnings-as-errors"])]
    }
}
