/// How one AWS service is reached over the AWS JSON protocol: its SigV4 signing name, the
/// `X-Amz-Target` prefix, the JSON version and the SDK endpoint conventions.
///
/// ```swift
/// AWSService.dynamoDB.target("PutItem")   // "DynamoDB_20120810.PutItem"
/// AWSService.sqs.contentType               // "application/x-amz-json-1.0"
/// ```
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// Name used in the credential scope (`dynamodb`, `sqs`, `secretsmanager`).
    public var signingName: String
    /// `X-Amz-Target` prefix before the `.Operation`.
    public var targetPrefix: String
    /// `1.0` or `1.1`.
    public var jsonVersion: String
    /// Suffix of the service-specific endpoint override, `AWS_ENDPOINT_URL_<suffix>`.
    public var endpointEnvironmentSuffix: String
    /// First label of the default endpoint host (`dynamodb.eu-north-1.amazonaws.com`).
    public var endpointPrefix: String
    /// Human name for messages.
    public var displayName: String
    /// Whether requests carry and sign `x-amz-content-sha256` (S3 needs it; these services do not).
    public var signsContentHash: Bool

    public init(
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

    public static let dynamoDB = AWSService(
        signingName: "dynamodb", targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0",
        endpointEnvironmentSuffix: "DYNAMODB", endpointPrefix: "dynamodb", displayName: "DynamoDB")

    public static let sqs = AWSService(
        signingName: "sqs", targetPrefix: "AmazonSQS", jsonVersion: "1.0",
        endpointEnvironmentSuffix: "SQS", endpointPrefix: "sqs", displayName: "SQS")

    public static let secretsManager = AWSService(
        signingName: "secretsmanager", targetPrefix: "secretsmanager", jsonVersion: "1.1",
        endpointEnvironmentSuffix: "SECRETS_MANAGER", endpointPrefix: "secretsmanager", displayName: "Secrets Manager")

    public var contentType: String { "application/x-amz-json-\(jsonVersion)" }

    public func target(_ operation: String) -> String { "\(targetPrefix).\(operation)" }

    /// The environment key of the service-specific endpoint override.
    public var endpointEnvironmentKey: String { "AWS_ENDPOINT_URL_\(endpointEnvironmentSuffix)" }

    public var description: String { displayName }
}
