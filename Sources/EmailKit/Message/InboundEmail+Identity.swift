import Crypto
import Foundation

extension InboundEmail {
    /// The key that makes a retried delivery of this message a no-op: its `Message-ID`
    /// (providers retry for days, always with the same message), or, for the rare message
    /// without one, a digest of what identifies it (sender, recipients, `Date`, subject, bodies),
    /// which a retry of the same delivery reproduces exactly.
    ///
    /// ```swift
    /// email.identity   // "<CAN_P_JMvV7…@mail.gmail.com>" or "sha256:9f86d0…"
    /// ```
    package var identity: String {
        if let messageID { return messageID }
        var hasher = SHA256()
        let parts: [String] = [
            sender?.value ?? "", recipients.map(\.value).joined(separator: ","), headers["Date"] ?? "",
            subject, text ?? "", html ?? "",
        ]
        for part in parts {
            // Length-prefixed so that moving text between fields changes the digest.
            hasher.update(data: Data("\(part.utf8.count):".utf8))
            hasher.update(data: Data(part.utf8))
        }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
