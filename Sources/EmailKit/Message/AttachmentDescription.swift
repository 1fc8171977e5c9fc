/// What the engine keeps of an attachment: a description, never the content (the model is told
/// that a file came, as with WhatsApp media).
///
/// ```swift
/// AttachmentDescription(field: "attachment1", filename: "lease.pdf", contentType: "application/pdf", size: 48_213).summary
/// // "lease.pdf (application/pdf, 47 KB)"
/// ```
package struct AttachmentDescription: Sendable, Hashable, Codable {
    /// The form field that carried it (`attachment1` …).
    package var field: String
    package var filename: String?
    package var contentType: String?
    /// Bytes received.
    package var size: Int
    /// `Content-ID` of an inline part (an image shown inside the HTML), if any.
    package var contentID: String?

    package init(field: String, filename: String? = nil, contentType: String? = nil, size: Int, contentID: String? = nil) {
        self.field = field
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.contentID = contentID
    }

    /// `name (type, size)` for the user turn.
    package var summary: String {
        let name = filename.flatMap { $0.isEmpty ? nil : $0 } ?? "unnamed file"
        let type = contentType.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown type"
        return "\(name) (\(type), \(Self.readableSize(size)))"
    }

    static func readableSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
