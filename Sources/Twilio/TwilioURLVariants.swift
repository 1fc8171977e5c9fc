import Foundation
/// The two forms of a webhook URL that Twilio's SDKs try, "since sig generation on back end is
/// inconsistent" (twilio-python `request_validator.py`): the URL with its port removed, and the
/// URL with the scheme's default port added (`:443` for https, `:80` otherwise). A URL that
/// already has a port keeps it in the "with port" form. Everything after the authority (path,
/// query, fragment) is kept verbatim: Twilio signs the query exactly as it requested it.
struct TwilioURLVariants: Equatable {
    var withPort: String
    var withoutPort: String

    init(_ url: String) {
        guard let parts = Parts(url) else {
            // Not an absolute URL: nothing to vary, so compare it as given.
            self.withPort = url
            self.withoutPort = url
            return
        }
        let base = parts.scheme + "://" + parts.userInfo + parts.host
        self.withoutPort = base + parts.rest
        if let port = parts.port {
            self.withPort = base + ":" + port + parts.rest
        } else {
            let defaultPort = parts.scheme.lowercased() == "https" ? "443" : "80"
            self.withPort = base + ":" + defaultPort + parts.rest
        }
    }

    /// Both forms, without repeating one that is identical to the other.
    var all: [String] { withPort == withoutPort ? [withPort] : [withPort, withoutPort] }

    /// ``all`` for `url`, remembered: every webhook of a channel is signed for the same few URLs.
    /// (Status callbacks' URLs carry a conversation in the query, hence the bound.)
    static func all(of url: String) -> [String] {
        remembered.value(for: url) { TwilioURLVariants($0).all }
    }

    private static let remembered = RememberedValues<String, [String]>(limit: 1024)

    /// `scheme://[userinfo@]host[:port]rest`, split without any re-encoding.
    private struct Parts {
        var scheme: String
        var userInfo: String  // including the trailing "@", or empty
        var host: String      // including brackets for IPv6 literals
        var port: String?
        var rest: String      // path, query and fragment, verbatim

        init?(_ url: String) {
            guard let separator = url.range(of: "://") else { return nil }
            scheme = String(url[..<separator.lowerBound])
            let afterScheme = url[separator.upperBound...]
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
            var authority = afterScheme[..<authorityEnd]
            rest = String(afterScheme[authorityEnd...])
            if let at = authority.lastIndex(of: "@") {
                userInfo = String(authority[...at])
                authority = authority[authority.index(after: at)...]
            } else {
                userInfo = ""
            }
            // The port is what follows the last ':' after any IPv6 literal's closing bracket.
            let searchStart = authority.lastIndex(of: "]") ?? authority.startIndex
            if let colon = authority[searchStart...].lastIndex(of: ":") {
                let digits = authority[authority.index(after: colon)...]
                host = String(authority[..<colon])
                port = !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? String(digits) : nil
            } else {
                host = String(authority)
                port = nil
            }
        }
    }
}
