import Foundation
import RepliesCore

/// An e-mail conversation as the template sender writes it (`channel_method: "email"`, the
/// person's address as `primary_channel`, `channel_config.{company_email, email_credentials_id}`).
enum EmailFixture {
    static let person = "sam.okafor@example.com"
    static let company = "lettings@example.com"
    static let sendGridSecret = "ai-multi-comms/email-credentials/larkspur-lettings/tenant-onboarding/sendgrid-dev"
    static let verificationKey = "test-verification-key"
    static let sendGridKey = "SG.test-not-a-real-key"
    static let conversationId = "ci-bbb-002#pi-bbb-002#\(Fixture.requestId)#lettings@example.com"
    static var key: ConversationKey { ConversationKey(primaryChannel: person, conversationId: conversationId) }
    static var trigger: Trigger { Trigger(key) }

    static var secrets: [String: [String: String]] {
        var secrets = Fixture.secrets
        secrets[sendGridSecret] = [
            "sendgrid_auth_value": sendGridKey, "sendgrid_from_email": company, "sendgrid_from_name": "Larkspur Lettings",
            "sendgrid_inbound_verification_key": verificationKey,
        ]
        return secrets
    }

    static func record(_ overrides: Record = [:]) -> Record {
        var record = Fixture.record(conversationId: conversationId, user: person, [
            "channel_method": .string("email"),
            "channel_config": .map(["company_email": .string(company), "email_credentials_id": .string(sendGridSecret)]),
            "recipient_tel": .null, "gsi_recipient_tel": .null, "gsi_company_whatsapp_number": .null,
            "gsi_company_email": .string(company), "gsi_recipient_email": .string(person),
        ])
        record.merge(overrides) { _, new in new }
        return record
    }

    /// The `Message-ID` of inbound e-mail number `n`.
    static func messageID(_ n: Int) -> String { "<reply-\(n)@mail.example.com>" }
}

/// An inbound e-mail as the SendGrid adapter would hand it over: signed when ``signedWith``
/// is the tenant's verification key.
struct TestEmailPost: InboundEmailPost {
    var identity: String
    var sender: String?
    var recipients: [String]
    var thread: EmailThread
    var text: String
    var signedWith: String? = EmailFixture.verificationKey
    var automatic: [String] = []

    init(_ n: Int, _ text: String, subject: String = "Re: Your move-in on 1 June", from: String = EmailFixture.person,
         to: [String] = [EmailFixture.company], references: [String] = ["<template-1@larkspur.example>"]) {
        identity = EmailFixture.messageID(n)
        sender = from
        recipients = to
        thread = EmailThread(subject: subject, messageID: EmailFixture.messageID(n), references: references)
        self.text = text
    }

    func isSigned(bySecret secret: [String: String], now: Date) -> Bool {
        signedWith != nil && secret["sendgrid_inbound_verification_key"] == signedWith
    }

    func userTurn(previousSubject: String?) -> String {
        previousSubject == nil ? "[Subject: \(thread.subject)]\n\(text)" : text
    }

    func automaticReasons(ownAddresses: [String]) -> [String] {
        automatic + (ownAddresses.contains(sender ?? "") ? ["own address"] : [])
    }
}

/// A send failure that may have gone out (as SendGrid's `outcomeUnknown`).
struct UnknownOutcome: Error, RetryClassifying, SendOutcomeReporting, CustomStringConvertible {
    var retryDisposition: RetryDisposition { .permanent }
    var mayHaveBeenSent: Bool { true }
    var description: String { "timed out after the request was sent" }
}

/// ``EmailSender`` that records what it sends; failures are planned per attempt.
actor ScriptedEmailSender: EmailSender {
    enum Plan: Sendable {
        case transient
        case unknownOutcome
    }

    private var plans: [Int: Plan] = [:]
    private(set) var attempts = 0
    private(set) var sent: [EmailReply] = []

    func plan(attempt: Int, _ plan: Plan) { plans[attempt] = plan }

    func send(_ email: EmailReply) async throws -> SentMessage {
        attempts += 1
        switch plans[attempts] {
        case .transient?: throw SendFailure(retryDisposition: .transient(retryAfter: nil))
        case .unknownOutcome?: throw UnknownOutcome()
        case nil:
            sent.append(email)
            return SentMessage(sid: "sg-\(sent.count)", body: email.text)
        }
    }
}
