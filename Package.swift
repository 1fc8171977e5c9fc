// swift-tools-version:6.2
import PackageDescription

/// Swift 6 mode plus the upcoming features Hummingbird builds with: every existential spelled
/// `any`, every module a file uses imported by that file, and imports internal unless a
/// declaration's signature needs them (`package import`).
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Products of the package dependencies, named once.
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let asyncHTTPClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore: Target.Dependency = .product(name: "HummingbirdCore", package: "hummingbird")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let multipartKit: Target.Dependency = .product(name: "MultipartKit", package: "multipart-kit")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals: Target.Dependency = .product(name: "UnixSignals", package: "swift-service-lifecycle")
let swiftConfiguration: Target.Dependency = .product(name: "Configuration", package: "swift-configuration")
let systemPackage: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")
let hummingbirdTesting: Target.Dependency = .product(name: "HummingbirdTesting", package: "hummingbird")
let httpTypes: Target.Dependency = .product(name: "HTTPTypes", package: "swift-http-types")
let nioHTTPTypes: Target.Dependency = .product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")
let metricsTestKit: Target.Dependency = .product(name: "MetricsTestKit", package: "swift-metrics")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")

let package = Package(
    name: "replies-engine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "replies-engine", targets: ["replies-engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Links the system SQLite (libsqlite3-dev on Debian; scripts/test.sh installs it when missing).
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Core: domain, ports, the two use cases. Foundation + the logging and metrics APIs only.
        .target(
            name: "RepliesCore",
            dependencies: [
                logging,
                coreMetrics,
            ],
            swiftSettings: strict
        ),
        // The ports in memory: the reference implementation for the store contract and core tests.
        .target(name: "InMemoryBackend", dependencies: ["RepliesCore"], swiftSettings: strict),
        .target(
            name: "Twilio",
            dependencies: [
                nioCore, nioHTTP1,
                "RepliesCore",
                crypto,
                asyncHTTPClient,
                logging,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OpenAIResponses",
            dependencies: [
                nioCore, nioHTTP1,
                "RepliesCore",
                crypto,
                asyncHTTPClient,
                logging,
            ],
            swiftSettings: strict
        ),
        // The e-mail channel's provider-independent logic: addresses, headers, the new text of a
        // reply, HTML to text, automatic-mail detection, reply subject and threading headers.
        .target(name: "EmailKit", dependencies: [crypto], swiftSettings: strict),
        // SendGrid: Inbound Parse posts (multipart, charsets, signature) and the v3 Mail Send client.
        .target(
            name: "SendGrid",
            dependencies: [
                nioCore, nioHTTP1,
                "EmailKit", "RepliesCore",
                multipartKit,
                crypto,
                asyncHTTPClient,
                logging,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "EmbeddedBackend",
            dependencies: [
                "RepliesCore",
                grdb,
                // SQLite's C API, for the webhook path's statements (LookupConnections, SQLSession.run).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                logging,
            ],
            swiftSettings: strict
        ),
        // SigV4, credentials/endpoints, the AWS JSON protocol and small DynamoDB/SQS/Secrets clients.
        .target(
            name: "AWSCore",
            dependencies: [
                nioCore, nioHTTP1,
                asyncHTTPClient,
                crypto,
                logging,
            ],
            swiftSettings: strict
        ),
        // The core ports on DynamoDB, SQS and Secrets Manager, plus provisioning and seeding.
        .target(
            name: "AWSBackend",
            dependencies: [
                "RepliesCore", "AWSCore",
                logging,
            ],
            swiftSettings: strict
        ),
        // Every configuration key in one place (environment + JSON file + defaults, on
        // swift-configuration), validated once at start; the typed settings each command reads.
        .target(
            name: "RepliesConfiguration",
            dependencies: [
                "RepliesCore", "AWSCore", "AWSBackend",
                swiftConfiguration, systemPackage,
                logging,
            ],
            swiftSettings: strict
        ),
        // The engine's HTTP surface without a server framework: request/response, the router and
        // the routes (webhooks, e-mail, health). Both shapes adapt to it.
        .target(
            name: "RepliesHTTP",
            dependencies: [
                "RepliesCore", "Twilio", "SendGrid",
                crypto,
                logging,
            ],
            swiftSettings: strict
        ),
        // Metrics and logs that leave the process: the Prometheus registry `serve` exposes on
        // `/metrics`, CloudWatch Embedded Metric Format lines for Lambda, JSON log lines.
        .target(
            name: "RepliesObservability",
            dependencies: [
                coreMetrics, prometheus,
                logging,
            ],
            swiftSettings: strict
        ),
        // `serve`'s shape: Hummingbird in front of the router, the worker and sweeper services.
        .target(
            name: "RepliesServer",
            dependencies: [
                nioCore,
                "RepliesCore", "RepliesHTTP",
                hummingbird, hummingbirdCore, httpTypes, nioHTTPTypes,
                serviceLifecycle,
                logging,
            ],
            swiftSettings: strict
        ),
        // A generic Lambda runtime: the Runtime API client and loop, API Gateway and SQS event
        // types. Knows nothing of the engine (no RepliesCore).
        .target(
            name: "LambdaRuntime",
            dependencies: [
                nioHTTP1,
                logging,
            ],
            swiftSettings: strict
        ),
        // The engine's Lambda handlers: HTTP events through the router, the SQS worker.
        .target(
            name: "RepliesLambda",
            dependencies: [
                "LambdaRuntime", "RepliesCore", "RepliesHTTP", "RepliesObservability",
                logging,
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "replies-engine",
            dependencies: [
                nioCore, unixSignals,
                "RepliesCore", "Twilio", "OpenAIResponses", "EmbeddedBackend", "AWSCore", "AWSBackend", "LambdaRuntime", "RepliesServer", "RepliesConfiguration",
                "RepliesHTTP", "RepliesLambda", "RepliesObservability", "SendGrid",
                argumentParser, metrics,
                asyncHTTPClient,
                hummingbird,
                serviceLifecycle,
                logging,
            ],
            swiftSettings: strict
        ),
        // Benchmarks (bench/run.sh): kept small, they are built with everything else.
        // The template-sender record both benchmark tools seed.
        .target(name: "BenchSupport", dependencies: ["RepliesCore"], path: "bench/Support", swiftSettings: strict),
        // The bare Hummingbird endpoint the ingest path is compared with: same form parse, same TwiML.
        .executableTarget(
            name: "bench-bare-endpoint",
            dependencies: [
                nioCore, "Twilio", "RepliesCore", hummingbird],
            path: "bench/BareEndpoint",
            swiftSettings: strict
        ),
        // Writes the seed file and the pre-signed webhooks the load generator replays.
        .executableTarget(
            name: "bench-webhooks",
            dependencies: ["Twilio", "RepliesCore", "BenchSupport"],
            path: "bench/Webhooks",
            swiftSettings: strict
        ),
        // The batch path with zero-latency model and sender fakes, on the embedded and in-memory backends.
        .executableTarget(
            name: "bench-batch",
            dependencies: [
                "RepliesCore", "EmbeddedBackend", "InMemoryBackend", "BenchSupport",
                logging,
            ],
            path: "bench/Batch",
            swiftSettings: strict
        ),
        // Local HTTP fakes of OpenAI and Twilio that reject what the real services reject.
        .target(
            name: "TestFakes",
            dependencies: [
                nioHTTP1,
                "RepliesCore",
                asyncHTTPClient,
                hummingbird,
                serviceLifecycle,
                logging,
            ],
            path: "Tests/TestFakes",
            swiftSettings: strict
        ),
        .testTarget(
            name: "RepliesCoreTests",
            dependencies: [logging, metrics, metricsTestKit, "RepliesCore", "InMemoryBackend"], swiftSettings: strict),
        // EMF lines, the Prometheus export and JSON log lines, parsed back.
        .testTarget(
            name: "RepliesObservabilityTests",
            dependencies: ["RepliesObservability", "RepliesCore", metrics, coreMetrics, logging], swiftSettings: strict),
        .testTarget(name: "TwilioTests", dependencies: [asyncHTTPClient, nioCore, nioHTTP1, "Twilio", "TestFakes", "RepliesCore"], swiftSettings: strict),
        .testTarget(name: "EmailKitTests", dependencies: ["EmailKit"], resources: [.copy("Corpus")], swiftSettings: strict),
        .testTarget(
            name: "SendGridTests",
            dependencies: [asyncHTTPClient, nioCore, nioHTTP1, crypto, "SendGrid", "EmailKit", "TestFakes", "RepliesCore"],
            resources: [.copy("Vectors")],
            swiftSettings: strict
        ),
        .testTarget(name: "OpenAIResponsesTests", dependencies: [nioCore, nioHTTP1, "OpenAIResponses", "TestFakes", "RepliesCore", "InMemoryBackend", asyncHTTPClient], swiftSettings: strict),
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                "AWSCore", logging, "RepliesCore", "InMemoryBackend", "EmbeddedBackend", "AWSBackend", "RepliesConfiguration"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RepliesConfigurationTests",
            dependencies: ["RepliesConfiguration", "RepliesCore", "AWSCore", "AWSBackend", logging],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSCoreTests",
            dependencies: [
                "AWSCore", "InMemoryBackend",
                crypto,
            ],
            resources: [.copy("Vectors")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSBackendTests",
            dependencies: [
                "AWSBackend", "AWSCore", "RepliesCore", "RepliesConfiguration",
                logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmbeddedBackendTests",
            dependencies: ["EmbeddedBackend", "RepliesCore", "InMemoryBackend", logging, grdb],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: ["LambdaRuntime", "TestFakes", asyncHTTPClient, logging],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RepliesLambdaTests",
            dependencies: [
                "RepliesLambda", "LambdaRuntime", "RepliesHTTP", "RepliesCore", "InMemoryBackend", "TestFakes",
                logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "RepliesHTTPTests", dependencies: ["RepliesHTTP", "RepliesCore", "InMemoryBackend", "TestFakes", logging], swiftSettings: strict),
        .testTarget(
            name: "RepliesServerTests",
            dependencies: [
                "RepliesServer", "RepliesHTTP", "RepliesCore", "InMemoryBackend", "EmbeddedBackend",
                hummingbird, hummingbirdTesting, httpTypes, nioCore, nioHTTPTypes, serviceLifecycle, logging,
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                nioCore, nioHTTP1, .product(name: "NIOPosix", package: "swift-nio"),
                "RepliesCore", "Twilio", "TestFakes", "EmbeddedBackend", "AWSBackend", "AWSCore", "InMemoryBackend", "RepliesConfiguration",
                grdb,
                asyncHTTPClient,
                hummingbird,
                logging,
            ],
            swiftSettings: strict
        ),
    ]
)
