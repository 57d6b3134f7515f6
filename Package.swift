// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DisclosureKit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "disclosure", targets: ["disclosure"]),
        .library(name: "DisclosureKit", targets: [
            "FileOutput", "SheetCore", "SheetIO", "XLSXReading", "XLSReading", "ODSReading", "XLSXWriting", "CSV",
            "DisclosureCatalog", "CatalogTable", "WorkCalendar", "OfficeReturns", "ReturnMerge",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The round portal (`disclosure serve`): HTTP server and its embedded SQLite store.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Spreadsheet core
        .target(name: "FileOutput"),
        .target(name: "ZipArchive", dependencies: ["CLibZip", "FileOutput"]),
        .target(name: "XMLStream", dependencies: ["CLibXML2"]),
        .target(name: "SheetCore"),
        .target(name: "XLSXReading", dependencies: ["SheetCore", "ZipArchive", "XMLStream"]),
        .target(name: "ODSReading", dependencies: ["SheetCore", "XLSXReading", "ZipArchive", "XMLStream"]),
        .target(name: "XLSXWriting", dependencies: ["SheetCore", "ZipArchive", "XMLStream"]),
        .target(name: "CSV", dependencies: ["SheetCore", "FileOutput"]),
        .target(name: "XLSReading", dependencies: ["SheetCore", "XLSXReading", "CSV"]),
        .target(name: "SheetIO", dependencies: ["SheetCore", "XLSXReading", "XLSReading", "ODSReading", "XLSXWriting", "CSV", "FileOutput"]),

        // Catalog
        .target(name: "DisclosureCatalog", dependencies: ["SheetCore"]),
        .target(name: "CatalogTable", dependencies: ["DisclosureCatalog", "SheetCore", "SheetIO", "XLSXReading", "XLSXWriting", "CSV", "FileOutput"]),
        .target(name: "WorkCalendar", dependencies: ["SheetCore"], resources: [.copy("Holidays")]),
        .target(name: "OfficeReturns", dependencies: [
            "DisclosureCatalog", "CatalogTable", "WorkCalendar", "SheetCore", "SheetIO", "XLSXReading", "ODSReading", "XLSXWriting", "CSV",
            "XMLStream", "ZipArchive",
        ]),
        .target(name: "ReturnMerge", dependencies: [
            "OfficeReturns", "DisclosureCatalog", "WorkCalendar", "SheetCore", "SheetIO", "XLSXReading", "XLSXWriting", "CSV",
            "FileOutput",
        ]),

        // The round portal: store (SQLite + files by SHA-256) and HTTP server.
        .target(name: "RoundPortal", dependencies: [
            "SheetCore", "SheetIO", "XLSXReading", "XLSXWriting", "CSV",
            "DisclosureCatalog", "CatalogTable", "WorkCalendar", "OfficeReturns", "ReturnMerge",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),

        // Tool
        .executableTarget(name: "disclosure", dependencies: [
            "SheetCore", "SheetIO", "XLSXReading", "ODSReading", "XLSXWriting", "CSV",
            "DisclosureCatalog", "CatalogTable", "WorkCalendar", "OfficeReturns", "ReturnMerge", "FileOutput", "RoundPortal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "Benchmarks", dependencies: [
            "SheetCore", "SheetIO", "ZipArchive", "XMLStream", "XLSXReading", "XLSReading", "ODSReading", "XLSXWriting", "CSV",
            "DisclosureCatalog", "OfficeReturns", "ReturnMerge", "RoundPortal",
        ], path: "Benchmarks", exclude: ["peers"]),

        // Fuzz targets (README, "Fuzzing"): replay tools in a normal build; libFuzzer targets built by `make fuzz`
        // with -D FUZZING -sanitize=fuzzer,address in .build-fuzz.
        .target(name: "FuzzSupport", dependencies: ["SheetCore", "XLSXReading"], path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzZip", dependencies: ["FuzzSupport", "ZipArchive"], path: "Fuzz/FuzzZip"),
        .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzSupport", "SheetCore", "XLSXReading", "ZipArchive"], path: "Fuzz/FuzzXLSX"),
        .executableTarget(name: "FuzzXLSXParts", dependencies: ["FuzzSupport", "SheetCore", "XLSXReading", "ZipArchive"], path: "Fuzz/FuzzXLSXParts"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", "CSV", "SheetIO"], path: "Fuzz/FuzzCSV"),
        .executableTarget(name: "FuzzReturn", dependencies: ["FuzzSupport", "DisclosureCatalog", "ReturnMerge", "SheetCore"], path: "Fuzz/FuzzReturn"),
        .executableTarget(name: "FuzzXLS", dependencies: ["FuzzSupport", "SheetCore", "XLSReading", "XLSXReading"], path: "Fuzz/FuzzXLS"),
        .executableTarget(name: "FuzzODS", dependencies: ["FuzzSupport", "ODSReading", "SheetCore", "XLSXReading", "ZipArchive"], path: "Fuzz/FuzzODS"),

        // Tests
        .target(name: "TestSupport", dependencies: ["SheetCore"], path: "Tests/TestSupport"),
        .target(name: "CorpusSupport", dependencies: ["SheetCore", "XLSXReading", "TestSupport"], path: "Tests/CorpusSupport"),
        .testTarget(name: "FileOutputTests", dependencies: ["FileOutput", "TestSupport"]),
        .testTarget(name: "ZipArchiveTests", dependencies: ["ZipArchive", "TestSupport"]),
        .testTarget(name: "XMLStreamTests", dependencies: ["XMLStream", "TestSupport"]),
        .testTarget(name: "SheetCoreTests", dependencies: ["SheetCore", "TestSupport"]),
        .testTarget(name: "XLSXReadingTests", dependencies: ["XLSXReading", "ZipArchive", "TestSupport", "CorpusSupport"]),
        .testTarget(name: "ODSReadingTests", dependencies: ["ODSReading", "XLSXReading", "ZipArchive", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "XLSXWritingTests", dependencies: ["XLSXWriting", "XLSXReading", "ZipArchive", "TestSupport"]),
        .testTarget(name: "XLSReadingTests", dependencies: ["XLSReading", "XLSXReading", "SheetIO", "TestSupport", "CorpusSupport"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV", "TestSupport"]),
        .testTarget(name: "SheetIOTests", dependencies: ["SheetIO", "XLSXReading", "XLSXWriting", "CSV", "TestSupport"]),
        .testTarget(name: "DisclosureCatalogTests", dependencies: ["DisclosureCatalog", "SheetCore", "TestSupport"]),
        .testTarget(name: "CatalogTableTests", dependencies: ["CatalogTable", "DisclosureCatalog", "XLSXReading", "XLSXWriting", "CSV", "TestSupport"]),
        .testTarget(name: "WorkCalendarTests", dependencies: ["WorkCalendar", "TestSupport"]),
        .testTarget(name: "OfficeReturnsTests", dependencies: ["OfficeReturns", "DisclosureCatalog", "WorkCalendar", "XLSXReading", "XLSXWriting", "CSV", "TestSupport"]),
        .testTarget(name: "ReturnMergeTests", dependencies: ["ReturnMerge", "OfficeReturns", "XLSXReading", "FileOutput", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "RoundPortalTests", dependencies: [
            "RoundPortal", "ReturnMerge", "OfficeReturns", "DisclosureCatalog", "SheetCore", "XLSXReading", "TestSupport",
        ], exclude: []),
    ]
)
