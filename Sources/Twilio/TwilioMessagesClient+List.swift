import AsyncHTTPClient
import Foundation
import RepliesCore

extension TwilioMessagesClient {
    /// Messages sent from `from` to `to` since `since`, newest first as Twilio lists them.
    ///
    /// `GET …/Messages.json?To=…&From=…&DateSent>=YYYY-MM-DD&PageSize=50`: Twilio filters by UTC
    /// day only, so `date_created >= since` is applied here (messages without a readable date are
    /// kept, so that reconciliation errs towards "already sent" rather than sending twice).
    /// At most ``maxPages`` pages are followed through `next_page_uri`.
    public func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        let query = TwilioFormEncoding.encode([
            ("To", channel.address(to)),
            ("From", channel.address(from)),
            ("DateSent>", Self.utcDay(since)),
            ("PageSize", String(pageSize)),
        ])
        var next: String? = try messagesURL(accountSid: credentials.accountSid) + "?" + query
        var found: [SentMessage] = []
        var pages = 0
        while let url = next, pages < maxPages {
            let page: TwilioMessagePage = try await perform(HTTPClientRequest(url: url), credentials: credentials)
            pages += 1
            for resource in page.messages {
                let date = resource.dateCreated.flatMap(RFC2822Date.parse)
                if let date, date < since { continue }
                found.append(SentMessage(sid: resource.sid, body: resource.body ?? "", dateCreated: date))
            }
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

    /// `YYYY-MM-DD` of `date` in UTC.
    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 1970
        let month = parts.month ?? 1
        let day = parts.day ?? 1
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
