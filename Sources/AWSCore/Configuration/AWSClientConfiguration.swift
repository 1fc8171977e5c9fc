package import Foundation

/// Credentials, region and endpoint overrides for the services this module talks to. The
/// library never reads configuration itself: RepliesConfiguration builds this from the
/// engine's keys (`AWS_*`), resolving endpoints the way the AWS SDKs do.
///
/// ```swift
/// let configuration = AWSClientConfiguration(credentials: credentials, region: "eu-north-1")
/// configuration.endpoint(for: .dynamoDB).url   // "https://dynamodb.eu-north-1.amazonaws.com/"
/// ```
package struct AWSClientConfiguration: Sendable {
    package var credentials: AWSCredentials
    package var region: String
    /// Resolved overrides by service signing name.
    package var endpointOverrides: [String: AWSEndpoint]
    /// `AWS_ATTEMPT_TIMEOUT_SECONDS`: time allowed for one HTTP attempt (long polls ask for their own).
    package var attemptTimeout: Duration
    /// `AWS_MAX_ATTEMPTS`: attempts per call, the first included; nil keeps each client's default.
    package var maxAttempts: Int?
    /// The instant the current invocation's calls must end by, read at each attempt (the engine
    /// passes its task-local invocation deadline); nil: none.
    package var deadline: @Sendable () -> Date?

    package init(
        credentials: AWSCredentials, region: String, endpointOverrides: [String: AWSEndpoint] = [:],
        attemptTimeout: Duration = AWSClientConfiguration.defaultAttemptTimeout, maxAttempts: Int? = nil,
        deadline: @escaping @Sendable () -> Date? = { nil }
    ) {
        self.credentials = credentials
        self.region = region
        self.endpointOverrides = endpointOverrides
        self.attemptTimeout = attemptTimeout
        self.maxAttempts = maxAttempts.map { max(1, $0) }
        self.deadline = deadline
    }

    package static let defaultAttemptTimeout: Duration = .seconds(30)

    package func endpoint(for service: AWSService) -> AWSEndpoint {
        endpointOverrides[service.signingName] ?? .standard(for: service, region: region)
    }
}
