import Foundation
import RepliesCore

/// Decides whether a `MediaUrl{N}` may receive the tenant's Basic credentials: only a media
/// resource of that very account (`/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}/Media/{Sid}`)
/// on the configured API origin (scheme, host and port of `TWILIO_API_BASE_URL`). A forged or
/// mistaken URL must never be handed the auth token (the failure chatwoot#15464 and
/// vercel/chat#831 fixed).
struct TwilioMediaURL {
    let url: URL

    init(_ text: String, apiOrigin: URL, accountSid: String) throws(TwilioMediaError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw .untrustedURL("not an absolute URL")
        }
        guard url.user == nil, url.password == nil else { throw .untrustedURL("URL carries user info") }
        guard scheme == apiOrigin.scheme?.lowercased(), host == apiOrigin.host?.lowercased(),
              Self.port(of: url) == Self.port(of: apiOrigin) else {
            throw .untrustedURL("not on the configured Twilio API origin")
        }
        let parts = url.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // ["", "2010-04-01", "Accounts", AC…, "Messages", MM…, "Media", ME…]
        guard parts.count == 8, parts[0].isEmpty, parts[1] == "2010-04-01", parts[2] == "Accounts",
              parts[3] == accountSid, parts[4] == "Messages", parts[6] == "Media",
              Self.isSid(parts[5]), Self.isSid(parts[7]) else {
            throw .untrustedURL("not a media resource of the tenant's account")
        }
        self.url = url
    }

    static func isSid(_ text: String) -> Bool {
        (2...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    static func port(of url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
    }
}
