import Foundation
package import RepliesCore

extension InboundMessage {
    /// Most media items read from one webhook; Twilio delivers at most 10 per message.
    package static let maxTwilioMedia = 10

    /// Reads Twilio's webhook parameters (§2.3 of the external-API notes) from parsed fields.
    ///
    /// `From`, `To`, `MessageSid` and `AccountSid` are required and must be non-empty; `Body` may
    /// be empty or absent (media-only messages, which the original wrongly rejected). The SIDs
    /// and counts must have Twilio's documented formats and no parameter Twilio sends once may
    /// repeat (``TwilioFieldRules``). Optional parameters that are empty become `nil`.
    ///
    /// ```swift
    /// let fields = try TwilioForm.parse(body)
    /// let message = try InboundMessage(twilioFields: fields)   // throws TwilioFormError.missingField("From")
    /// ```
    package init(twilioFields fields: [FormField]) throws(TwilioFormError) {
        try TwilioFieldRules.check(fields)
        var first: [String: String] = [:]
        for field in fields where first[field.name] == nil {
            first[field.name] = field.value
        }
        func required(_ name: String) throws(TwilioFormError) -> String {
            guard let value = first[name], !value.isEmpty else { throw .missingField(name) }
            return value
        }
        func optional(_ name: String) -> String? {
            guard let value = first[name], !value.isEmpty else { return nil }
            return value
        }
        self.init(
            from: try required("From"),
            to: try required("To"),
            body: first["Body"] ?? "",
            messageSid: try required("MessageSid"),
            accountSid: optional("AccountSid"),
            media: Self.media(in: first),
            profileName: optional("ProfileName"),
            waId: optional("WaId"),
            buttonText: optional("ButtonText"),
            buttonPayload: optional("ButtonPayload"),
            location: Self.location(in: first),
            externalUserId: optional("ExternalUserId")
        )
    }

    /// `Latitude`/`Longitude` (checked by ``TwilioFieldRules``: both or neither, decimal, in
    /// range) with the optional `Address` and `Label` of a named place.
    private static func location(in first: [String: String]) -> SharedLocation? {
        guard let latitude = first["Latitude"].flatMap(Double.init), let longitude = first["Longitude"].flatMap(Double.init),
              SharedLocation.isValid(latitude: latitude, longitude: longitude) else { return nil }
        let text: (String) -> String? = { name in
            first[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        return SharedLocation(latitude: latitude, longitude: longitude, address: text("Address"), label: text("Label"))
    }

    /// `MediaUrl{N}` / `MediaContentType{N}` for N below `NumMedia`. When `NumMedia` is absent or
    /// not a number, the numbered fields present from 0 upwards are read instead, so media is
    /// never dropped silently. A missing content type becomes `application/octet-stream`.
    private static func media(in first: [String: String]) -> [MediaItem] {
        let declared = first["NumMedia"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = min(max(declared ?? maxTwilioMedia, 0), maxTwilioMedia)
        var items: [MediaItem] = []
        for index in 0..<count {
            guard let url = first["MediaUrl\(index)"], !url.isEmpty else {
                if declared == nil { break }
                continue
            }
            let contentType = first["MediaContentType\(index)"].flatMap { $0.isEmpty ? nil : $0 } ?? "application/octet-stream"
            items.append(MediaItem(url: url, contentType: contentType))
        }
        return items
    }
}
