/// How one AWS service is reached over the AWS JSON protocol: its SigV4 signing name, the
/// `X-Amz-Target` prefix, the JSON version and the SDK endpoint conventions.
///
/// ```swift
/// AWSService.dynamoDB.target("PutItem")   // "DynamoDB_20120810.PutItem"
/// AWSService.sqs.contentType               // "application/x-amz-json-1.0"
/// ```
package struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// Name used in the credential scope (`dynamodb`, `sqs`, `secretsmanager`).
    package var signingName: String
    /// `X-Amz-Target` prefix before the `.Operation`.
    package var targetPrefix: String
    /// `1.0` or `1.1`.
    package var jsonVersion: String
    /// Suffix of the service-specific endpoint override, `AWS_ENDPOINT_URL_<suffix>`.
    package var endpointEnvironmentSuffix: String
    /// First label of the default endpoint host (`dynamodb.eu-north-1.amazonaws.com`).
    package var endpointPrefix: String
    /// Human name for messages.
    package var displayName: String
    /// Whether requests carry and sign `x-amz-content-sha256` (S3 needs it; these services do not).
    package var signsContentHash: Bool

    package init(
        signingName: String, targetPrefix: String, jsonVersion: String, endpointEnvironmentSuffix: String,
        endpointPrefix: String, displayName: String, signsContentHash: Bool = false
    ) {
        self.signingName = signingName
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
        self.endpointEnvironmentSuffix = endpointEnvironmentSuffix
        self.endpointPrefix = endpointPrefix
        self.displayName = displayName
        self.signsContentHash = signsContentHash
    }

    package static let dynamoDB = AWSService(
        signingName: "dynamodb", targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0",
        endpointEnvironmentSuffix: "DYNAMODB", endpointPrefix: "dynamodb", displayName: "DynamoDB")

    package static let sqs = AWSService(
        signingName: "sqs", targetPrefix: "AmazonSQS", jsonVersion: "1.0",
        endpointEnvironmentSuffix: "SQS", endpointPrefix: "sqs", displayName: "SQS")

    package static let secretsManager = AWSService(
        signingName: "secretsmanager", targetPrefix: "secretsmanager", jsonVersion: "1.1",
        endpointEnvironmentSuffix: "SECRETS_MANAGER", endpointPrefix: "secretsmanager", displayName: "Secrets Manager")

    package var contentType: String { "application/x-amz-json-\(jsonVersion)" }

    package func target(_ operation: String) -> String { "\(targetPrefix).\(operation)" }

    /// The environment key of the service-specific endpoint override.
    package var endpointEnvironmentKey: String { "AWS_ENDPOINT_URL_\(endpointEnvironmentSuffix)" }

    package var description: String { displayName }
}
