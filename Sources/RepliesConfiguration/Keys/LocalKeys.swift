/// Keys of the local tools (`demo`, `simulate`), never of `serve` or Lambda, which take
/// tenants' credentials from the seeded secrets.
package struct LocalKeys: ConfigKeyGroup {
    package static let title = "Local tools (`demo`, `simulate`)"

    package let openAIKey: ConfigKey<String> = .text(
        "OPENAI_API_KEY", secret: true, "`demo`: answer with OpenAI instead of the offline model")
    package let twilioAccountSid: ConfigKey<String> = .text(
        "TWILIO_ACCOUNT_SID", "`demo`: send real WhatsApp messages (with the three keys below)")
    package let twilioAuthToken: ConfigKey<String> = .text(
        "TWILIO_AUTH_TOKEN", secret: true, "`demo`: Twilio credentials; `simulate`: the token to sign with")
    package let demoUserNumber: ConfigKey<String> = .text("DEMO_USER_NUMBER", "`demo`: the person's WhatsApp number (E.164)")
    package let demoCompanyNumber: ConfigKey<String> = .text("DEMO_COMPANY_NUMBER", "`demo`: the company's WhatsApp number (E.164)")

    package init() {}
}
