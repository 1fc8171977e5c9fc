/// Credentials, region and endpoints, resolved from an environment dictionary the way the AWS
/// SDKs do. The library never reads the process environment itself: callers pass it in.
///
/// Endpoint precedence per service: `AWS_ENDPOINT_URL_<SERVICE>` (`DYNAMODB`, `SQS`,
/// `SECRETS_MANAGER`), then `AWS_ENDPOINT_URL`, then `https://<service>.<region>.amazonaws.com`.
/// Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`.
///
/// ```swift
/// let configuration = try AWSClientConfiguration(environment: ProcessInfo.processInfo.environment)
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

    /// Resolves everything for the three services this package talks to.
    package init(
        environment: [String: String], services: [AWSService] = [.dynamoDB, .sqs, .secretsManager]
    ) throws(AWSConfigurationError) {
        let credentials = try AWSCredentials(environment: environment)
        guard let region = environment.nonEmpty("AWS_REGION") ?? environment.nonEmpty("AWS_DEFAULT_REGION") else {
            throw .missing(key: "AWS_REGION", hint: "set the region, for example eu-north-1 (AWS_DEFAULT_REGION is read too)")
        }
        guard region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw .invalid(key: "AWS_REGION", reason: "'\(region)' is not a region name such as eu-north-1")
        }
        var overrides: [String: AWSEndpoint] = [:]
        var shared: AWSEndpoint?
        if let text = environment.nonEmpty("AWS_ENDPOINT_URL") {
            shared = try AWSEndpoint(url: text, key: "AWS_ENDPOINT_URL")
        }
        for service in services {
            let key = service.endpointEnvironmentKey
            if let text = environment.nonEmpty(key) {
                overrides[service.signingName] = try AWSEndpoint(url: text, key: key)
            } else if let shared {
                overrides[service.signingName] = shared
            }
        }
        self.init(credentials: credentials, region: region, endpointOverrides: overrides)
    }

    package func endpoint(for service: AWSService) -> AWSEndpoint {
        endpointOverrides[service.signingName] ?? .standard(for: service, region: region)
    }
}
