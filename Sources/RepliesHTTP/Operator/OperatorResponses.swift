import Foundation
import RepliesCore

/// The operator API's answers and errors, in the shapes of docs/operator-api.yaml.
enum OperatorResponses {
    static func error(_ status: Int, _ code: String, _ message: String, extra: [String: JSONValue] = [:]) -> HTTPResponse {
        var body: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        body.merge(extra) { $1 }
        var response = HTTPResponse.json(status, JSONValue.object(["error": .object(body)]))
        if status == 401 { response.headers["WWW-Authenticate"] = "Bearer realm=\"operator\"" }
        return response
    }

    static func response(for error: OperatorError) -> HTTPResponse {
        switch error {
        case .notFound: Self.error(404, "not_found", error.description)
        case .invalidRequest: Self.error(400, "invalid_request", error.description)
        case .windowClosed(let template):
            Self.error(409, "whatsapp_window_closed", error.description, extra: ["template_available": .bool(template)])
        case .templateUnavailable: Self.error(409, "template_unavailable", error.description)
        case .idempotencyKeyInProgress: Self.error(409, "idempotency_key_in_progress", error.description)
        case .idempotencyKeyReused: Self.error(422, "idempotency_key_reused", error.description)
        case .sendFailed(let code, _): Self.error(502, "send_failed", error.description, extra: ["provider_code": .optional(code)])
        case .sendUncertain: Self.error(503, "unavailable", error.description)
        case .channelUnsupported: Self.error(409, "channel_unsupported", error.description)
        }
    }

    static func time(_ date: Date?) -> JSONValue { .optional(date.map(Timestamp.format)) }

    static func turn(_ entry: MessageEntry, position: Int?) -> JSONValue {
        .object([
            "position": .optional(position), "role": .string(entry.role.rawValue), "content": .string(entry.content),
            "timestamp": .string(entry.timestamp), "message_id": .string(entry.messageId), "operator_name": .optional(entry.operatorName),
        ])
    }

    static func recipient(_ conversation: Conversation) -> [String: JSONValue] {
        let record = conversation.record
        let name = [record.nonEmptyString("recipient_first_name"), record.nonEmptyString("recipient_last_name")].compactMap { $0 }.joined(separator: " ")
        return [
            "primary_channel": .string(conversation.key.primaryChannel), "conversation_id": .string(conversation.key.conversationId),
            "channel": .optional(conversation.channel?.rawValue),
            "recipient": .string(conversation.recipientTel ?? record.nonEmptyString("recipient_email") ?? conversation.key.primaryChannel),
            "recipient_name": .optional(name.isEmpty ? nil : name),
            "state": .string(conversation.isWithHuman ? "handed_off" : "ai"),
            "reason": .optional(conversation.isWithHuman ? conversation.handOffToHumanReason : nil),
        ]
    }

    static func inbox(_ inbox: OperatorDesk.Inbox) -> JSONValue {
        .object([
            "conversations": .array(inbox.items.map { item in
                var fields = recipient(item.conversation)
                fields["handed_off_at"] = time(item.handedOffAt)
                fields["last_message_preview"] = .optional(item.lastMessagePreview)
                fields["waiting_count"] = .int(item.waitingCount)
                fields["updated_at"] = .string(Timestamp.format(item.updatedAt))
                return .object(fields)
            }),
            "next_cursor": .optional(inbox.next?.token),
        ])
    }

    static func detail(_ detail: OperatorDesk.Detail) -> JSONValue {
        let record = detail.conversation.record
        var fields = recipient(detail.conversation)
        fields["status"] = .optional(detail.conversation.status)
        fields["handed_off_at"] = detail.conversation.isWithHuman ? .optional(record.string(ConversationAttribute.handedOffAt)) : .null
        fields["handed_off_by"] = detail.conversation.isWithHuman ? .optional(record.string(ConversationAttribute.handedOffBy)) : .null
        fields["free_form_reply_possible"] = .bool(detail.freeFormReplyPossible)
        fields["window_closes_at"] = time(detail.windowClosesAt)
        fields["template_available"] = .bool(detail.templateAvailable)
        fields["waiting_count"] = .int(detail.waitingCount)
        fields["turns"] = .array(detail.turns.compactMap { turn in turn.message.map { Self.turn($0, position: turn.position) } })
        fields["staged"] = .array(detail.staged.map {
            .object(["message_sid": .string($0.messageSid), "body": .string($0.body), "received_at": .string(Timestamp.format($0.receivedAt))])
        })
        fields["earlier_before"] = .optional(detail.earlierBefore)
        return .object(fields)
    }

    static func state(_ change: OperatorDesk.StateChange) -> JSONValue {
        .object(["state": .string(change.handedOff ? "handed_off" : "ai"), "changed": .bool(change.changed), "answering": .int(change.answering)])
    }
}
