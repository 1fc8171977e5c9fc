import Foundation

/// Builds the stateless model call from the record: the record is the single source of truth,
/// so no provider-side thread is needed.
package enum PromptBuilder {
    /// - Parameter turns: the earlier turns, oldest first; nil means the record's `messages`
    ///   (the batch passes its tail plus archived turns, see `BatchRun.historyTurns()`).
    package static func prompt(
        for conversation: Conversation, channel: Channel, userTurn: String, settings: EngineSettings, turns: [MessageEntry]? = nil
    ) -> ModelPrompt {
        ModelPrompt(
            model: conversation.aiConfig.model ?? settings.defaultModel,
            instructions: conversation.aiConfig.instructions ?? settings.defaultInstructions,
            context: context(for: conversation, channel: channel),
            history: history(turns ?? conversation.messages, settings: settings),
            userTurn: userTurn,
            endUserId: conversation.key.primaryChannel
        )
    }

    /// The "Initial context" block, in the template sender's format (original-system §2.7.1).
    /// Trusted data: adapters put it in the model's instructions, never in a user message. The
    /// person's phone number and e-mail are left out unless `ai_config.share_contact_details`.
    package static func context(for conversation: Conversation, channel: Channel) -> String {
        let record = conversation.record
        var recipient: Record = [:]
        var fields = ["recipient_first_name", "recipient_last_name", "comms_consent"]
        if conversation.aiConfig.shareContactDetails { fields += ["recipient_tel", "recipient_email"] }
        for key in fields {
            recipient[key] = record[key] ?? .null
        }
        let contact: Record = [channel.rawValue: conversation.channelConfig(for: channel).companyNumber.map(RecordValue.string) ?? .null]
        return """
        Initial context:

        **Company & Project:**
        - Company Name: \(record.nonEmptyString("company_name") ?? "Not provided")
        - Project Name: \(record.nonEmptyString("project_name") ?? "Not provided")

        **Company Representative(s):**
        \(fenced(record["company_rep"].flatMap { $0.isNull ? nil : $0 } ?? .string("Not provided")))

        **Recipient Data:**
        \(fenced(.map(recipient)))

        **Company Contact Info:**
        \(fenced(.map(contact)))

        **Project-Specific Data:**
        \(fenced(record["project_data"] ?? .null))
        """
    }

    /// The newest turns that fit the budget, oldest first.
    package static func history(_ messages: [MessageEntry], settings: EngineSettings) -> [ModelPrompt.Turn] {
        var kept: [ModelPrompt.Turn] = []
        var used = 0
        for entry in messages.reversed() {
            guard kept.count < settings.historyMaxTurns, used + entry.content.count <= settings.historyMaxCharacters else { break }
            used += entry.content.count
            kept.append(turn(entry))
        }
        return kept.reversed()
    }

    /// A history entry as the model sees it. An operator's reply is the company speaking, so it
    /// sits where the company's turns sit, but labelled: the model must know a human said it,
    /// not itself, and continue from it.
    static func turn(_ entry: MessageEntry) -> ModelPrompt.Turn {
        switch entry.role {
        case .user, .assistant: ModelPrompt.Turn(role: entry.role, text: entry.content)
        case .operator: ModelPrompt.Turn(role: .assistant, text: staffLabel + entry.content)
        }
    }

    /// The label on an operator turn in the model's history.
    package static let staffLabel = "[Written by a human member of the company's staff, not by you:]\n"

    static func fenced(_ value: RecordValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
        return "```json\n\(json)\n```"
    }
}
