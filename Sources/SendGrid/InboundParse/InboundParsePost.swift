package import EmailKit
import Foundation
package import NIOCore

/// An Inbound Parse post in SendGrid's default (parsed) mode: the e-mail it carries, plus what
/// SendGrid concluded about the sender (SPF, DKIM, spam score), for logs and future policy.
///
/// ```swift
/// let post = try InboundParsePost(body: request.body, contentType: request.headers[.contentType] ?? "")
/// post.email.sender        // the envelope's MAIL FROM, else the From header
/// post.email.identity      // the Message-ID: a retried post is a no-op
/// ```
///
/// Fields read: `headers` (the raw header block), `from`, `to`, `cc`, `subject`, `text`,
/// `html`, `envelope` (JSON `{"to": [...], "from": "..."}`), `charsets` (JSON field → charset),
/// `attachments` (count), `attachment-info` (JSON), `attachment1…N` (files), `SPF`, `dkim`,
/// `spam_score`. Each text field is decoded from the charset `charsets` names for it (UTF-8 when
/// absent; see ``EmailKit/TextDecoding`` for what cannot be decoded exactly).
package struct InboundParsePost: Sendable {
    package var email: InboundEmail
    /// SendGrid's SPF verdict (`pass`, `softfail`, …).
    package var spf: String?
    /// SendGrid's DKIM results (`{@example.com : pass}`).
    package var dkim: String?
    package var spamScore: Double?

    package init(body: ByteBuffer, contentType: String, limits: InboundParseLimits = .standard) throws(InboundParseError) {
        let type = HeaderParameters(contentType)
        guard type.value == "multipart/form-data" else { throw .notMultipart(contentType) }
        guard let boundary = type["boundary"], !boundary.isEmpty, boundary.count <= 200,
              boundary.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw .missingBoundary }
        let form = try MultipartForm(
            body: body, boundary: boundary, limits: limits,
            isAttachment: { name, filename in Self.isAttachmentField(name) || (filename != nil && !Self.textFields.contains(name)) },
            fieldLimit: { name in name == "text" || name == "html" ? limits.maxBodyFieldBytes : limits.maxFieldBytes })
        self = Self.decode(form)
    }

    init(email: InboundEmail, spf: String?, dkim: String?, spamScore: Double?) {
        self.email = email
        self.spf = spf
        self.dkim = dkim
        self.spamScore = spamScore
    }

    package init(bytes: [UInt8], contentType: String, limits: InboundParseLimits = .standard) throws(InboundParseError) {
        try self.init(body: ByteBuffer(bytes: bytes), contentType: contentType, limits: limits)
    }

    /// Fields decoded as text from their `charsets` entry.
    static let textFields: Set<String> = ["headers", "from", "to", "cc", "subject", "text", "html"]

    /// `attachment1`, `attachment2`, …
    static func isAttachmentField(_ name: String) -> Bool {
        name.hasPrefix("attachment") && name.count > 10 && name.dropFirst(10).allSatisfy(\.isNumber)
    }
}
