import Foundation

/// The e-mail side of delivery: the tenant's SendGrid settings, one e-mail per reply, threaded
/// under the newest message of the batch.
extension BatchRun {
    struct EmailDelivery {
        var apiKey: String
        var from: String
        var fromName: String?
        var to: String
        var replyTo: String?
    }

    /// From the secret named by `channel_config.email_credentials_id`:
    /// `{sendgrid_auth_value, sendgrid_from_email, sendgrid_from_name}`.
    func emailDelivery() async throws -> EmailDelivery {
        let config = conversation.channelConfig(for: .email)
        guard let secretName = config.credentialsSecretName else {
            throw BatchFailure.missingConfiguration("channel_config.\(Channel.email.credentialsConfigKey)")
        }
        let secret = try await ports.secrets.secret(named: secretName)
        let field: (String) -> String? = { secret[$0].flatMap { $0.isEmpty ? nil : $0 } }
        guard let apiKey = field("sendgrid_auth_value") else {
            throw BatchFailure.missingConfiguration("sendgrid_auth_value in secret '\(secretName)'")
        }
        guard let from = field("sendgrid_from_email") ?? config.companyNumber else {
            throw BatchFailure.missingConfiguration("sendgrid_from_email in secret '\(secretName)' (or channel_config.company_email)")
        }
        // Answers go to the address the person wrote to when the verified sender is another one.
        let inbound = config.companyNumber
        let replyTo = inbound.flatMap { $0.lowercased() == from.lowercased() ? nil : $0 }
        return EmailDelivery(apiKey: apiKey, from: from, fromName: field("sendgrid_from_name"), to: key.primaryChannel, replyTo: replyTo)
    }

    func sendEmail(_ body: String, _ delivery: EmailDelivery) async throws -> SentMessage {
        guard let sender = ports.emailSender else {
            throw BatchFailure.missingConfiguration("an e-mail sender: this engine was started without the e-mail channel")
        }
        let thread = replyThread
        return try await sender.send(EmailReply(
            from: delivery.from, fromName: delivery.fromName, to: delivery.to, replyTo: delivery.replyTo,
            subject: thread?.subject ?? conversation.emailSubject ?? "", text: body,
            inReplyTo: thread?.messageID, references: thread?.references ?? [], batchId: batchId, apiKey: delivery.apiKey))
    }

    /// The newest e-mail a person wrote in a batch (else its newest e-mail): the reply answers it.
    static func replyThread(of fragments: [Fragment]) -> EmailThread? {
        let threads = fragments.sorted(by: Fragment.receiveOrder).compactMap(\.email)
        return threads.last { !$0.isAutomatic } ?? threads.last
    }
}

/// Why an e-mail batch stops for a human.
enum EmailDeliveryFailure: Error, CustomStringConvertible, RetryClassifying {
    /// A run found a reply whose send had started and never finished (a crash or a lost lease
    /// during the send). SendGrid keeps no list to check, so it is not sent again.
    case outcomeUnknown(batchId: String)

    var description: String {
        switch self {
        case .outcomeUnknown(let batchId):
            "the e-mail reply may have been sent before the engine stopped; it is not sent again. Look for replies_batch_id \(batchId) in SendGrid's activity feed and answer by hand if it is not there"
        }
    }

    var retryDisposition: RetryDisposition { .permanent }
}
