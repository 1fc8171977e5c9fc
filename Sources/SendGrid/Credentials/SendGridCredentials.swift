package import EmailKit
package import RepliesCore

/// A company's SendGrid settings, read from its e-mail credentials secret (the template
/// sender's `channel_config.email_credentials_id`):
///
/// | key | used for |
/// |---|---|
/// | `sendgrid_auth_value` | the API key, sent as `Authorization: Bearer …` to Mail Send |
/// | `sendgrid_from_email` | the verified sender our replies come from (else the conversation's `company_email`) |
/// | `sendgrid_from_name` | the sender's display name (optional) |
/// | `sendgrid_inbound_verification_key` | **new**: the Parse security policy's `public_key`, which verifies inbound posts (see ``VerificationKey``) |
///
/// The template sender's other keys (`sendgrid_template_id`, …) are ignored.
package struct SendGridCredentials: Sendable {
    package static let apiKeyField = "sendgrid_auth_value"
    package static let fromEmailField = "sendgrid_from_email"
    package static let fromNameField = "sendgrid_from_name"
    package static let verificationKeyField = "sendgrid_inbound_verification_key"

    /// The secret's name, for error messages.
    package var secretName: String
    package var apiKey: String?
    package var fromEmail: EmailAddress?
    package var fromName: String?
    package var verificationKey: String?

    /// Reads the fields; nothing is required here, the accessors below say what is missing.
    /// A `sendgrid_from_email` that is not an address is an error (a typo would otherwise send
    /// from the wrong identity silently).
    package init(secret: [String: String], name: String) throws(SendGridConfigurationError) {
        self.secretName = name
        self.apiKey = secret[Self.apiKeyField].flatMap { $0.isEmpty ? nil : $0 }
        self.fromName = secret[Self.fromNameField].flatMap { $0.isEmpty ? nil : $0 }
        self.verificationKey = secret[Self.verificationKeyField].flatMap { $0.isEmpty ? nil : $0 }
        if let raw = secret[Self.fromEmailField], !raw.isEmpty {
            guard let address = EmailAddress(raw) else { throw .invalidField(Self.fromEmailField, secret: name) }
            self.fromEmail = address
        }
    }

    package func requireAPIKey() throws(SendGridConfigurationError) -> String {
        guard let apiKey else { throw .missingField(Self.apiKeyField, secret: secretName) }
        return apiKey
    }

    package func requireVerificationKey() throws(SendGridConfigurationError) -> VerificationKey {
        guard let verificationKey else { throw .missingField(Self.verificationKeyField, secret: secretName) }
        do {
            return try VerificationKey(verificationKey)
        } catch {
            throw .invalidVerificationKey(error, secret: secretName)
        }
    }
}

/// A company's SendGrid secret lacks something or holds something unusable: a human must fix the
/// secret, retrying does not help.
package enum SendGridConfigurationError: Error, Hashable, Sendable, CustomStringConvertible, RetryClassifying {
    case missingField(String, secret: String)
    case invalidField(String, secret: String)
    case invalidVerificationKey(InboundSignatureError, secret: String)

    package var retryDisposition: RetryDisposition { .permanent }

    package var description: String {
        switch self {
        case .missingField(let field, let secret): "the secret '\(secret)' has no '\(field)'; add it (see docs/EMAIL.md)"
        case .invalidField(let field, let secret): "the secret '\(secret)' has an invalid '\(field)'; fix it (see docs/EMAIL.md)"
        case .invalidVerificationKey(let error, let secret): "the secret '\(secret)': \(error)"
        }
    }
}
