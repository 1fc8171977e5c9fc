/// Who wrote, for the conversation lookup. WhatsApp users may hide their number behind a
/// username; Meta then identifies them by a business-scoped user ID (BSUID: a two-letter country
/// code, a dot and up to 128 letters and digits, `BR.1502576394655843`, or `US.ENT.…` for a parent
/// ID). Twilio sends it as `ExternalUserId` (`whatsapp:BR.…`) on every WhatsApp webhook, and in
/// `From` too when no phone number can be shared. Records are keyed by phone number, so:
/// - `From` is a phone number (`+…`): used as is;
/// - otherwise, when Twilio still sends `WaId` (the number's digits), that number is used;
/// - otherwise the identifier is looked up as given. No record holds it, so the message is an
///   unknown conversation: answered 200 without a reply, logged (`user_id: "username"`) and
///   counted (`replies_username_webhooks_total`), never dropped silently.
enum InboundUser {
    /// How the user was identified: a closed set (log field and metric label).
    enum Kind: String {
        case phone
        /// No number in `From`, none in `WaId`: only the business-scoped ID.
        case username
        /// No number in `From`, but `WaId` gave it.
        case usernameWithWaId = "username_with_wa_id"
        case missing
    }

    static func number(of message: InboundMessage) -> PhoneNumber? {
        guard let from = PhoneNumber(address: message.from) else { return nil }
        if isPhoneNumber(from) { return from }
        if let waId = message.waId, !waId.isEmpty, waId.count <= 15, waId.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return PhoneNumber(e164: "+" + waId)
        }
        return from
    }

    /// `+` and at least one ASCII digit, nothing else (bytes: this runs on every webhook).
    static func isPhoneNumber(_ number: PhoneNumber) -> Bool {
        let bytes = number.value.utf8
        return bytes.first == UInt8(ascii: "+") && bytes.count > 1
            && bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func kind(of message: InboundMessage) -> Kind {
        guard let from = PhoneNumber(address: message.from) else { return .missing }
        if isPhoneNumber(from) { return .phone }
        return number(of: message).map(isPhoneNumber) == true ? .usernameWithWaId : .username
    }
}
