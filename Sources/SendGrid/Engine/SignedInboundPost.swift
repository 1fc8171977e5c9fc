import EmailKit
package import Foundation
package import RepliesCore

/// An Inbound Parse post with its signature headers, as the core's ingest sees an e-mail: it
/// authenticates itself against a tenant's secret (`sendgrid_inbound_verification_key`) and
/// reduces itself to the user turn.
///
/// ```swift
/// let post = try InboundParsePost(bytes: request.body, contentType: contentType)
/// let signed = SignedInboundPost(post: post, body: request.body,
///     signature: request.headers[InboundParseSignature.signatureHeader], timestamp: request.headers[InboundParseSignature.timestampHeader])
/// await ingest.handle(email: signed)
/// ```
package struct SignedInboundPost: InboundEmailPost {
    package let post: InboundParsePost
    let body: [UInt8]
    let signature: String?
    let timestamp: String?
    let verifier: InboundParseSignature

    package init(post: InboundParsePost, body: [UInt8], signature: String?, timestamp: String?, verifier: InboundParseSignature = InboundParseSignature()) {
        self.post = post
        self.body = body
        self.signature = signature
        self.timestamp = timestamp
        self.verifier = verifier
    }

    package var identity: String { post.email.identity }
    package var sender: String? { post.email.sender?.value }
    package var recipients: [String] { post.email.recipients.map(\.value) }

    package var thread: EmailThread {
        let email = post.email
        return EmailThread(subject: email.subject, messageID: email.messageID, references: email.references.isEmpty ? email.inReplyTo : email.references)
    }

    package func isSigned(bySecret secret: [String: String], now: Date) -> Bool {
        guard let text = secret[Channel.email.signingSecretField], let key = try? VerificationKey(text) else { return false }
        do {
            try verifier.verify(body: body, signature: signature, timestamp: timestamp, key: key, now: now)
            return true
        } catch {
            return false
        }
    }

    package func userTurn(previousSubject: String?) -> String {
        EmailUserTurn.content(of: post.email, previousSubject: previousSubject)
    }

    package func automaticReasons(ownAddresses: [String]) -> [String] {
        AutomaticMail.reasons(post.email, ownAddresses: Set(ownAddresses.compactMap(EmailAddress.init))).map(\.description)
    }
}
