/// Size limits on an Inbound Parse post. SendGrid accepts messages up to 30 MB (attachments
/// included) and posts them with attachments as raw bytes, so a real post stays under
/// ``maxBodyBytes``; the limits exist so that a hostile post cannot make the engine hold
/// unbounded text. Over a limit, parsing fails with ``InboundParseError/tooLarge(_:limit:)``
/// and the HTTP route answers `413` (SendGrid does not retry a 4xx: the post is dropped).
///
/// Attachment content is never kept, only counted, so attachments cost no memory beyond the
/// request body itself.
package struct InboundParseLimits: Sendable, Hashable {
    /// The whole request body: 32 MiB (SendGrid's 30 MB message limit plus form overhead).
    package var maxBodyBytes: Int
    /// `text` and `html`, each: 4 MiB.
    package var maxBodyFieldBytes: Int
    /// Every other text field (`headers`, `subject`, `from`, `envelope`…), each: 1 MiB.
    package var maxFieldBytes: Int
    /// Form parts: 512 (a field each, plus one per attachment).
    package var maxParts: Int

    package init(maxBodyBytes: Int = 32 << 20, maxBodyFieldBytes: Int = 4 << 20, maxFieldBytes: Int = 1 << 20, maxParts: Int = 512) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBodyFieldBytes = maxBodyFieldBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxParts = maxParts
    }

    package static let standard = InboundParseLimits()
}
