import AsyncHTTPClient
package import Foundation
package import RepliesCore
import Logging

extension TwilioMessagesClient {
    /// Messages sent from `from` to `to` since `since`, newest first as Twilio lists them.
    ///
    /// `GET …/Messages.json?To=…&From=…&PageSize=50`, with `date_created >= since` applied here.
    /// No `DateSent>` filter: a message Twilio still holds as queued has no send date and could be
    /// filtered out, hiding a reply that did go out. Messages without a readable date are kept, so
    /// reconciliation errs towards "already sent" rather than sending twice. Twilio lists newest
    /// first, so reading stops at the first page whose dated messages are all older than `since`,
    /// and after at most ``maxPages`` pages.
    package func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        let query = TwilioFormEncoding.encode([
            ("To", channel.address(to)),
            ("From", channel.address(from)),
            ("PageSize", String(pageSize)),
        ])
        var next: String? = try messagesURL(accountSid: credentials.accountSid) + "?" + query
        var found: [SentMessage] = []
        var pages = 0
        while let url = next, pages < maxPages {
            let page: TwilioMessagePage = try await perform(HTTPClientRequest(url: url), credentials: credentials)
            pages += 1
            var sawRecent = page.messages.isEmpty
            for resource in page.messages {
                let date = resource.dateCreated.flatMap(RFC2822Date.parse)
                if let date, date < since { continue }
                sawRecent = true
                found.append(SentMessage(sid: resource.sid, body: resource.body ?? "", dateCreated: date))
            }
            guard sawRecent else { return found }
            next = try page.nextPageURI.flatMap { uri throws(TwilioError) in try nextPageURL(uri) }
        }
        if next != nil {
            logger.warning("Twilio message list longer than the page limit; older messages not read", metadata: [
                "pages": "\(maxPages)", "to": "\(to.masked)",
            ])
        }
        return found
    }

    /// `next_page_uri` is relative to the API host; only a path is accepted, so a response can
    /// never redirect the credentials to another host.
    private func nextPageURL(_ uri: String) throws(TwilioError) -> String? {
        guard !uri.isEmpty else { return nil }
        guard uri.hasPrefix("/"), !uri.hasPrefix("//") else {
            throw .malformedResponse(status: 200, detail: "next_page_uri is not a path")
        }
        return baseURL + uri
    }
}
