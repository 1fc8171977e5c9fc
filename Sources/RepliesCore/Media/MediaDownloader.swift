package import Foundation

/// Fetches the bytes of an inbound message's media (`MediaUrl{N}`) for the worker, never the
/// webhook: the webhook acknowledges at once, and media may not be ready when it arrives.
///
/// The Twilio adapter sends the tenant's credentials only to the Twilio API origin it was
/// configured with, follows the redirect to the CDN without them, retries "not ready yet" (404)
/// and transient failures with bounded backoff, and refuses bodies over `limits.maxBytes`
/// without reading them whole. Errors conform to ``RetryClassifying``: a permanent one means the
/// item should be described to the model rather than processed.
package protocol MediaDownloader: Sendable {
    func download(_ item: MediaItem, credentials: SenderCredentials, limits: MediaDownloadLimits) async throws -> DownloadedMedia
}

/// How much one download may take.
package struct MediaDownloadLimits: Sendable, Hashable {
    /// Largest body accepted, in bytes (WhatsApp media is at most 16 MB).
    package var maxBytes: Int
    /// Wall-clock budget for the whole download, retries and redirects included.
    package var timeout: Duration

    package init(maxBytes: Int = MediaDownloadLimits.whatsAppMaxBytes, timeout: Duration = .seconds(30)) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    /// WhatsApp's largest media (documents and video), 16 MB.
    package static let whatsAppMaxBytes = 16 * 1024 * 1024
}

/// The bytes of one media item and the type the server gave them.
package struct DownloadedMedia: Sendable, Hashable {
    package var contentType: String
    package var data: Data

    package init(contentType: String, data: Data) {
        self.contentType = contentType
        self.data = data
    }
}
