import TestFakes

/// FakeOpenAI and FakeTwilio accepting a ``SampleTenant``'s key and credentials, and the
/// variables that point the binary under test at them.
///
/// ```swift
/// let fakes = try await TenantFakes.start(for: tenant)
/// environment.merge(fakes.environment) { $1 }
/// ```
struct TenantFakes {
    let openAI: FakeOpenAI
    let twilio: FakeTwilio

    static func start(for tenant: SampleTenant) async throws -> TenantFakes {
        let openAI = try await FakeOpenAI.start(apiKey: tenant.openAIKey)
        // Every model call of the binary under test must be bounded and keep context trusted.
        await openAI.enforceEngineContract()
        let twilio = try await FakeTwilio.start(accountSid: tenant.accountSid, authToken: tenant.authToken)
        return TenantFakes(openAI: openAI, twilio: twilio, publicBaseURL: tenant.publicBaseURL)
    }

    private let publicBaseURL: String

    private init(openAI: FakeOpenAI, twilio: FakeTwilio, publicBaseURL: String) {
        self.openAI = openAI
        self.twilio = twilio
        self.publicBaseURL = publicBaseURL
    }

    var environment: [String: String] {
        // The typing indicator's requests would count as sends in the fault tests; the media
        // tests turn it on against the fake (TWILIO_MESSAGING_BASE_URL).
        ["OPENAI_BASE_URL": openAI.baseURL, "TWILIO_API_BASE_URL": twilio.baseURL, "PUBLIC_BASE_URL": publicBaseURL,
         "TYPING_INDICATOR_ENABLED": "false"]
    }

    func stop() async throws {
        try await openAI.stop()
        try await twilio.stop()
    }
}
