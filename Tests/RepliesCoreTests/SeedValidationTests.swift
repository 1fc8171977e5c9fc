import Foundation
import RepliesCore
import Testing

/// `seed`'s strict reading of a file: structure, types, and records that could never be
/// matched or answered, each named by record and field; warnings for legal but silent values.
@Suite struct SeedValidationTests {
    /// docs/examples/seed.json, the file the README uses.
    static let exampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/examples/seed.json")

    static func example() throws -> [String: RecordValue] {
        try JSONDecoder().decode([String: RecordValue].self, from: Data(contentsOf: exampleURL))
    }

    /// The example with its first conversation (and optionally its company) changed.
    static func document(
        conversation change: (inout Record) -> Void = { _ in }, company: ((inout Record) -> Void)? = nil,
        top: (inout [String: RecordValue]) -> Void = { _ in }
    ) throws -> SeedDocument {
        var file = try example()
        if case .list(let conversations)? = file["conversations"], case .map(var record)? = conversations.first {
            change(&record)
            file["conversations"] = .list([.map(record)] + conversations.dropFirst())
        }
        if let company, case .list(let companies)? = file["companies"], case .map(var record)? = companies.first {
            company(&record)
            file["companies"] = .list([.map(record)])
        }
        top(&file)
        return SeedDocument.parse(try JSONEncoder().encode(file))
    }

    static func validate(_ document: SeedDocument, context: SeedContext = SeedContext(hasCompanyDirectory: true)) -> [SeedIssue] {
        SeedValidator.validate(document, context: context)
    }

    static func errors(_ issues: [SeedIssue]) -> [SeedIssue] { issues.filter { $0.severity == .error } }

    @Test func theExampleFileIsCleanAndItsCommentsAreNotStored() throws {
        let document = SeedDocument.parse(try Data(contentsOf: Self.exampleURL))
        let issues = Self.validate(document)
        #expect(issues.isEmpty, "\(issues)")
        let data = document.prepared
        #expect(data.conversations.count == 1 && data.companies.count == 1 && data.secrets.count == 2)
        #expect(data.conversations.allSatisfy { $0["_comment"] == nil })
        #expect(data.companies.allSatisfy { $0["_comment"] == nil })
        #expect(data.secrets["_comment"] == nil)
        // The lookup attributes a hand-written record leaves out are filled in.
        #expect(data.conversations[0]["gsi_recipient_tel"] == .string("+447700900123"))
        #expect(data.conversations[0]["gsi_company_whatsapp_number"] == .string("+447700900456"))
    }

    @Test func unknownTopLevelKeyIsAnErrorWithASuggestion() throws {
        let document = try Self.document(top: { $0["conversation"] = $0.removeValue(forKey: "conversations") })
        let errors = Self.errors(Self.validate(document))
        let issue = try #require(errors.first { $0.field == "conversation" })
        #expect(issue.location == .file)
        #expect(issue.description.contains("unknown top-level key (did you mean \"conversations\"?)"))
    }

    @Test func notJSONAndNotAnObjectAreErrors() {
        let broken = SeedDocument.parse(Data("{\"conversations\": [}".utf8))
        #expect(broken.issues.count == 1)
        #expect(broken.issues[0].description.hasPrefix("error: the file: the file is not valid JSON"))
        let list = SeedDocument.parse(Data("[]".utf8))
        #expect(list.issues.first?.message.contains("must be a JSON object") == true)
    }

    @Test func wrongTypesNameTheRecordAndTheField() throws {
        let document = try Self.document(conversation: {
            $0["allowed_channels"] = .string("whatsapp")
            $0["project_status"] = .number("1")
            $0["task_complete"] = .string("0")
        }, company: { $0.removeValue(forKey: "project_status"); $0.removeValue(forKey: "allowed_channels") })
        let errors = Self.errors(Self.validate(document))
        let described = errors.map(\.description)
        let location = "conversations[0] (conversation_id \"ci-example-001#pi-example-001#6f1c2a1e-8d4b-4c7e-9a51-2b7d9e0c4f11#447700900456\")"
        #expect(described.contains("error: \(location): allowed_channels: expected a list of strings such as [\"whatsapp\"], found the string \"whatsapp\""))
        #expect(described.contains("error: \(location): project_status: expected a string, found the number 1"))
        #expect(described.contains("error: \(location): task_complete: expected a number, found the string \"0\""))
        // …and what that means: never matched.
        #expect(described.contains { $0.contains("project_status: is the number 1, not the string \"active\": the project is not active") })
        #expect(described.contains { $0.contains("allowed_channels: does not contain \"whatsapp\"") })
    }

    @Test func recordsThatCanNeverBeMatchedAreErrors() throws {
        let cases: [(String, (inout Record) -> Void)] = [
            ("recipient_tel", { $0["recipient_tel"] = .null }),
            ("recipient_tel", { $0["recipient_tel"] = .string("07700 900123") }),
            ("channel_config.company_whatsapp_number", {
                $0["channel_config"] = .map(["whatsapp_credentials_id": .string("example/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio")])
            }),
            ("channel_config.whatsapp_credentials_id", { $0["channel_config"] = .map(["company_whatsapp_number": .string("+447700900456")]) }),
            ("channel_method", { $0["channel_method"] = .string("fax") }),
            // A WhatsApp record moved to e-mail without its e-mail configuration.
            ("channel_config.company_email", { $0["channel_method"] = .string("email") }),
            ("recipient_email", { $0["channel_method"] = .string("email"); $0["recipient_email"] = .null; $0["gsi_recipient_email"] = .null }),
            ("ai_config.api_key_reference", { $0["ai_config"] = .map([:]) }),
            ("channel_config", { $0["channel_config"] = .map(["whatsapp": .map(["company_whatsapp_number": .string("+447700900456")])]) }),
        ]
        for (field, change) in cases {
            let errors = Self.errors(Self.validate(try Self.document(conversation: change)))
            #expect(errors.contains { $0.field == field && $0.location.index == 0 }, "\(field): \(errors)")
        }
    }

    @Test func theLiveCompanyRecordDecidesLikeIngest() throws {
        let inactive = try Self.document(company: { $0["project_status"] = .string("inactive") })
        let errors = Self.errors(Self.validate(inactive))
        #expect(errors.contains { $0.field == "project_status" && $0.message.hasPrefix("is \"inactive\" in the company record") })
        let notAllowed = try Self.document(company: { $0["allowed_channels"] = .list([.string("whatsap")]) })
        #expect(Self.errors(Self.validate(notAllowed)).contains {
            $0.field == "allowed_channels" && $0.message.contains("in the company record (check the spelling)")
        })
    }

    @Test func secretsMayComeFromTheBackend() throws {
        let withoutSecrets = try Self.document(top: { $0.removeValue(forKey: "secrets") })
        let missing = Self.errors(Self.validate(withoutSecrets))
        #expect(missing.contains { $0.field == "channel_config.whatsapp_credentials_id" && $0.message.contains("neither in this file") })
        #expect(missing.contains { $0.field == "ai_config.api_key_reference" })

        var context = SeedContext(hasCompanyDirectory: true)
        context.secrets["example/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio"] = ["twilio_auth_token": "t"]
        context.secrets["example/openai-api-key/whatsapp"] = ["ai_api_key": "k"]
        let partial = Self.errors(Self.validate(withoutSecrets, context: context))
        #expect(partial.map(\.message) == ["the secret \"example/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio\" has no twilio_account_sid: replies cannot be sent"])
        #expect(SeedValidator.references(in: withoutSecrets).secrets.count == 2)
    }

    @Test func companiesNeedACompanyDirectory() throws {
        let document = SeedDocument.parse(try Data(contentsOf: Self.exampleURL))
        let errors = Self.errors(Self.validate(document, context: SeedContext(hasCompanyDirectory: false)))
        #expect(errors.contains { $0.field == "companies" && $0.message.contains("COMPANY_DATA_TABLE") })
    }

    @Test func duplicatesAreErrorsAndSharedNumberPairsWarnings() throws {
        var file = try Self.example()
        guard case .list(let conversations)? = file["conversations"], case .map(let record)? = conversations.first else {
            Issue.record("no conversation in the example")
            return
        }
        var other = record
        other["conversation_id"] = .string("ci-example-001#pi-example-001#second#447700900456")
        file["conversations"] = .list([.map(record), .map(record), .map(other)])
        let issues = Self.validate(SeedDocument.parse(try JSONEncoder().encode(file)))
        #expect(issues.contains { $0.severity == .error && $0.location.index == 1 && $0.message.contains("as conversations[0]") })
        #expect(issues.contains { $0.severity == .warning && $0.location.index == 2 && $0.message.contains("shares its number pair") })
    }

    @Test func legalButSilentValuesAreWarnings() throws {
        let document = try Self.document(conversation: {
            $0["hand_off_to_human"] = .bool(true)
            $0["conversation_status"] = .string("failed_unknown")
            $0["last_reply_batch"] = .map([:])
            $0["recipent_first_name"] = .string("Sam")
        })
        let issues = Self.validate(document)
        #expect(Self.errors(issues).isEmpty, "\(issues)")
        let fields = Set(issues.compactMap(\.field))
        #expect(fields == ["hand_off_to_human", "conversation_status", "last_reply_batch", "recipent_first_name"])
        #expect(issues.first { $0.field == "recipent_first_name" }?.message.contains("did you mean \"recipient_first_name\"") == true)
    }

    @Test func badMessagesAndSecretsAreErrorsWithoutEchoingContent() throws {
        let document = try Self.document(
            conversation: { $0["messages"] = .list([.map(["role": .string("bot"), "content": .number("1")]), .string("hi")]) },
            top: { $0["secrets"] = .map(["s": .map(["twilio_auth_token": .number("12345")])]) })
        let errors = Self.errors(Self.validate(document))
        #expect(errors.contains { $0.field == "messages[0].role" && $0.message == "expected \"user\", \"assistant\" or \"operator\", found the string \"bot\"" })
        #expect(errors.contains { $0.field == "messages[0].content" })
        #expect(errors.contains { $0.field == "messages[1]" })
        let secret = try #require(errors.first { $0.location.section == .secrets })
        #expect(secret.description == "error: secrets[\"s\"]: twilio_auth_token: expected a string, found a number")
    }
}
