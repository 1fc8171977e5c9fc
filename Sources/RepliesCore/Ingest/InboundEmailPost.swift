package import Foundation

/// An inbound e-mail as the e-mail adapter (SendGrid Inbound Parse) hands it to
/// ``Ingest/handle(email:)``: parsed, and able to say whether a tenant's key signed it. The core
/// knows nothing of multipart bodies or signature formats.
package protocol InboundEmailPost: Sendable {
    /// The message's identity (its `Message-ID`, else a digest of its content): the fragment
    /// key, so a post SendGrid retries is recognised.
    var identity: String { get }
    /// The person's address (the envelope's MAIL FROM, else `From`); nil when absent.
    var sender: String? { get }
    /// The addresses the post was delivered to (the envelope's, else `To` and `Cc`).
    var recipients: [String] { get }
    /// Subject and threading identifiers (``EmailThread/automatic`` is filled in by ingest).
    var thread: EmailThread { get }
    /// Whether the post carries a valid, fresh signature made with the key in `secret`
    /// (`sendgrid_inbound_verification_key`) at `now`.
    func isSigned(bySecret secret: [String: String], now: Date) -> Bool
    /// What the model and the record see of this e-mail; `previousSubject` is the subject the
    /// conversation was using (nil when unknown).
    func userTurn(previousSubject: String?) -> String
    /// Why the message is automatic (auto-reply, bounce, one of `ownAddresses` as sender);
    /// empty for a person's message.
    func automaticReasons(ownAddresses: [String]) -> [String]
}

/// How e-mail addresses are compared: lower-cased, as the e-mail adapter reduces every address
/// it parses. DynamoDB cannot query an index case-insensitively, so the records' `gsi_*_email`
/// attributes must be lower-case to be found (`seed --check` says so; docs/EMAIL.md).
package enum EmailAddressForms {
    package static func lookupForms(_ address: String) -> [String] {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? [] : [trimmed.lowercased()]
    }

    /// Keeps the first character of each side of the `@`, the domain's last label and the
    /// length: enough to tell addresses apart in logs, not enough to read them.
    package static func masked(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return PhoneNumber.mask(address) }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        let tld = domain.split(separator: ".").last.map { "." + $0 } ?? ""
        return "\(local.prefix(1))***@\(domain.prefix(1))***\(tld)"
    }
}
