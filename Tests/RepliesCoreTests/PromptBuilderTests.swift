import Foundation
import RepliesCore
import Testing

@Suite("PromptBuilder")
struct PromptBuilderTests {
    /// The JSON inside each ```json fence, in order.
    static func fencedValues(_ context: String) throws -> [RecordValue] {
        try context.components(separatedBy: "```json\n").dropFirst().map { block in
            let json = try #require(block.components(separatedBy: "\n```").first)
            return try JSONDecoder().decode(RecordValue.self, from: Data(json.utf8))
        }
    }

    @Test func contextBlockFollowsTheTemplateSenderFormat() throws {
        let conversation = try Conversation(record: Fixture.record())
        let context = PromptBuilder.context(for: conversation, channel: .whatsapp)
        #expect(context.hasPrefix("""
            Initial context:

            **Company & Project:**
            - Company Name: Larkspur Lettings
            - Project Name: Tenant Onboarding

            **Company Representative(s):**
            ```json
            """))
        let headings = context.components(separatedBy: "\n").filter { $0.hasPrefix("**") }
        #expect(headings == [
            "**Company & Project:**", "**Company Representative(s):**", "**Recipient Data:**",
            "**Company Contact Info:**", "**Project-Specific Data:**",
        ])
        let values = try Self.fencedValues(context)
        try #require(values.count == 4)
        #expect(values[0] == .map([
            "company_rep_1": .string("Priya"), "company_rep_2": .null, "company_rep_3": .null,
            "company_rep_4": .null, "company_rep_5": .null,
        ]))
        // The person's phone and e-mail only when the company shares them (ai_config.share_contact_details).
        #expect(values[1] == .map([
            "recipient_first_name": .string("Sam"), "recipient_last_name": .string("Okafor"), "comms_consent": .bool(true),
        ]))
        #expect(values[2] == .map(["whatsapp": .string(Fixture.company)]))
        #expect(values[3] == .map(["property_ref": .string("LL-2291"), "move_in_date": .string("2025-06-01")]))
        // Configuration and secrets references are not the model's business.
        for secretish in ["api_key_reference", "credentials", "openai-api-key", "thread_"] { #expect(!context.contains(secretish)) }
    }

    @Test func contextBlockFallsBackWhenFieldsAreNullOrMissing() throws {
        var record = Fixture.record([
            "company_name": .null, "project_name": .string(""), "company_rep": .null, "project_data": .null,
            "recipient_last_name": .null, "comms_consent": .bool(false),
        ])
        record.removeValue(forKey: "recipient_email")
        let context = PromptBuilder.context(for: try Conversation(record: record), channel: .whatsapp)
        #expect(context.contains("- Company Name: Not provided\n- Project Name: Not provided\n"))
        let values = try Self.fencedValues(context)
        #expect(values[0] == .string("Not provided"))
        #expect(values[1].mapValue?["recipient_last_name"] == .null)
        #expect(values[1].mapValue?["recipient_email"] == nil, "never sent unless shared")
        #expect(values[1].mapValue?["comms_consent"] == .bool(false))
        #expect(values[3] == .null)
    }

    @Test func promptUsesDefaultsUnlessTheCompanyOverridesThem() throws {
        let settings = EngineSettings()
        let plain = PromptBuilder.prompt(for: try Conversation(record: Fixture.record()), channel: .whatsapp, userTurn: "Hi", settings: settings)
        #expect(plain.model == settings.defaultModel)
        #expect(plain.instructions == DefaultInstructions.text)
        #expect(plain.userTurn == "Hi")
        #expect(plain.endUserId == Fixture.user)
        #expect(plain.history == [ModelPrompt.Turn(role: .assistant, text: Fixture.templateText)])

        var aiConfig = try #require(Fixture.record().map("ai_config"))
        aiConfig["replies_model"] = .string("local-model")
        aiConfig["replies_instructions"] = .string("Be terse.")
        let custom = PromptBuilder.prompt(
            for: try Conversation(record: Fixture.record(["ai_config": .map(aiConfig)])), channel: .whatsapp, userTurn: "Hi", settings: settings)
        #expect(custom.model == "local-model")
        #expect(custom.instructions == "Be terse.")
    }

    static func entries(_ texts: [String]) -> [MessageEntry] {
        texts.enumerated().map { index, text in
            MessageEntry(messageId: Fixture.sid(index), timestamp: "", role: index.isMultiple(of: 2) ? .assistant : .user, content: text)
        }
    }

    @Test func historyKeepsTheNewestTurnsWithinTheCharacterBudgetOldestFirst() {
        var settings = EngineSettings()
        settings.historyMaxCharacters = 25
        let history = PromptBuilder.history(Self.entries(["0123456789", "abcdefghij", "ABCDEFGHIJ"]), settings: settings)
        #expect(history.map(\.text) == ["abcdefghij", "ABCDEFGHIJ"])
        #expect(history.map(\.role) == [.user, .assistant])

        settings.historyMaxCharacters = 30
        #expect(PromptBuilder.history(Self.entries(["0123456789", "abcdefghij", "ABCDEFGHIJ"]), settings: settings).count == 3)
    }

    @Test func historyStopsAtTheTurnLimitAndAtTheFirstTurnThatDoesNotFit() {
        var settings = EngineSettings()
        settings.historyMaxTurns = 2
        #expect(PromptBuilder.history(Self.entries(["a", "b", "c", "d"]), settings: settings).map(\.text) == ["c", "d"])

        settings = EngineSettings()
        settings.historyMaxCharacters = 10
        // A long turn in the middle ends the history there: no gaps in the conversation.
        let gapped = PromptBuilder.history(Self.entries(["old", String(repeating: "x", count: 20), "new"]), settings: settings)
        #expect(gapped.map(\.text) == ["new"])
        #expect(PromptBuilder.history(Self.entries([String(repeating: "y", count: 11)]), settings: settings).isEmpty)
        #expect(PromptBuilder.history([], settings: settings).isEmpty)
    }

    @Test func historyReadsOnlyWellFormedMessageEntries() throws {
        let record = Fixture.record([
            "messages": .list([
                .map(["message_id": .string("SM1"), "timestamp": .string(""), "role": .string("assistant"), "content": .string("template")]),
                .map(["role": .string("system"), "content": .string("ignored")]),
                .map(["role": .string("user")]),
                .string("not a map"),
                .map(["role": .string("user"), "content": .string("question")]),
            ]),
        ])
        let prompt = PromptBuilder.prompt(for: try Conversation(record: record), channel: .whatsapp, userTurn: "new", settings: EngineSettings())
        #expect(prompt.history.map(\.text) == ["template", "question"])
    }
}
