/// The TwiML the webhook answers with. An empty `<Response>` tells Twilio "no reply now": the
/// engine answers later through the Messages API. The content type matters: `text/plain` would
/// be sent to the user as a message, and a missing one is Twilio error 12300.
///
/// ```swift
/// Response(status: .ok, headers: [.contentType: TwiML.contentType],
///          body: .init(byteBuffer: ByteBuffer(string: TwiML.emptyResponse)))
/// ```
package enum TwiML {
    /// `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`
    package static let emptyResponse = #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#

    /// `text/xml; charset=utf-8`
    package static let contentType = "text/xml; charset=utf-8"
}
