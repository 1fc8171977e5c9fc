// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

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
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.0"),
    ],
    targets: [
        // Core: domain, ports, the two use cases. Foundation + logging/metrics APIs only.
        .target(
            name: "RepliesCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The ports in memory: the reference implementation for the store contract and core tests.
        .target(name: "InMemoryBackend", dependencies: ["RepliesCore"], swiftSettings: strict),
        .target(
            name: "Twilio",
            dependencies: [
                "RepliesCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OpenAIResponses",
            dependencies: [
                "RepliesCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "EmbeddedBackend",
            dependencies: [
                "RepliesCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // SigV4, credentials/endpoints, the AWS JSON protocol and small DynamoDB/SQS/Secrets clients.
        .target(
            name: "AWSCore",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The core ports on DynamoDB, SQS and Secrets Manager, plus provisioning and seeding.
        .target(
            name: "AWSBackend",
            dependencies: [
                "RepliesCore", "AWSCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RepliesServer",
            dependencies: [
                "RepliesCore", "Twilio",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The Lambda Runtime API loop and the API Gateway / SQS event adapters (no Hummingbird).
        .target(
            name: "LambdaRuntime",
            dependencies: [
                "RepliesCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "replies-engine",
            dependencies: [
                "RepliesCore", "Twilio", "OpenAIResponses", "EmbeddedBackend", "AWSBackend", "LambdaRuntime", "RepliesServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks (bench/run.sh): kept small, they are built with everything else.
        // The template-sender record both benchmark tools seed.
        .target(name: "BenchSupport", dependencies: ["RepliesCore"], path: "bench/Support", swiftSettings: strict),
        // The bare Hummingbird endpoint the ingest path is compared with: same form parse, same TwiML.
        .executableTarget(
            name: "bench-bare-endpoint",
            dependencies: ["Twilio", "RepliesCore", .product(name: "Hummingbird", package: "hummingbird")],
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
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/Batch",
            swiftSettings: strict
        ),
        // Local HTTP fakes of OpenAI and Twilio that reject what the real services reject.
        .target(
            name: "TestFakes",
            dependencies: [
                "RepliesCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestFakes",
            swiftSettings: strict
        ),
        .testTarget(name: "RepliesCoreTests", dependencies: ["RepliesCore", "InMemoryBackend"], swiftSettings: strict),
        .testTarget(name: "TwilioTests", dependencies: ["Twilio", "TestFakes", "RepliesCore"], swiftSettings: strict),
        .testTarget(name: "OpenAIResponsesTests", dependencies: ["OpenAIResponses", "TestFakes", "RepliesCore", .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: strict),
        .testTarget(
            name: "StoreContractTests",
            dependencies: ["RepliesCore", "InMemoryBackend", "EmbeddedBackend", "AWSBackend"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSCoreTests",
            dependencies: [
                "AWSCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSBackendTests",
            dependencies: [
                "AWSBackend", "AWSCore", "RepliesCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmbeddedBackendTests",
            dependencies: ["EmbeddedBackend", "RepliesCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: [
                "LambdaRuntime", "RepliesCore", "InMemoryBackend", "TestFakes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "RepliesCore", "Twilio", "TestFakes", "EmbeddedBackend", "AWSBackend", "AWSCore", "InMemoryBackend",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
