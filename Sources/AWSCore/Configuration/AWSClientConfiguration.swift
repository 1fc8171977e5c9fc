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

    package init(credentials: AWSCredentials, region: String, endpointOverrides: [String: AWSEndpoint] = [:]) {
        self.credentials = credentials
        self.region = region
        self.endpointOverrides = endpointOverrides
    }

    package func endpoint(for service: AWSService) -> AWSEndpoint {
        endpointOverrides[service.signingName] ?? .standard(for: service, region: region)
    }
}
