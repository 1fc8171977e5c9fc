/// Who wrote, for the conversation lookup. WhatsApp users may hide their number behind a
/// username; Meta then identifies them by a business-scoped user ID (BSUID, e.g.
/// `BR.1502576394655843`), and the webhook's `From` may carry that instead of a `+` number.
/// Records are keyed by phone number, so:
/// - `From` is a phone number (`+…`): used as is;
/// - otherwise, when Twilio still sends `WaId` (the number's digits), that number is used;
/// - otherwise the identifier is looked up as given. No record holds it, so the message is an
///   unknown conversation: answered 200 without a reply, logged (`user_id: "username"`) and
///   counted, never dropped silently.
enum InboundUser {
    static func number(of message: InboundMessage) -> PhoneNumber? {
        guard let from = PhoneNumber(address: message.from) else { return nil }
        if isPhoneNumber(from) { return from }
        if let waId = message.waId, !waId.isEmpty, waId.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return PhoneNumber(e164: "+" + waId)
        }
        return from
    }

    static func isPhoneNumber(_ number: PhoneNumber) -> Bool {
        number.value.hasPrefix("+") && number.value.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Log label: `phone`, `username` (no number at all) or `username_with_wa_id`.
    static func kind(of message: InboundMessage) -> String {
        guard let from = PhoneNumber(address: message.from) else { return "missing" }
        if isPhoneNumber(from) { return "phone" }
        return number(of: message).map(isPhoneNumber) == true ? "username_with_wa_id" : "username"
    }
}
