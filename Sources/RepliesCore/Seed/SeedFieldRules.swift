/// The types `seed` expects for the attributes the engine and the template sender agree on
/// (docs/DATA.md; the template sender's records), and the check of one record against them.
/// Other attributes are free-form and written as given.
struct SeedFieldRules {
    enum Kind {
        case string, nonEmptyString, number, bool, stringList, map, messages
    }

    struct Rule {
        var kind: Kind
        var nullable = false
        /// The value is personal data (a number, an address, a name) and never echoed.
        var personal = false
    }

    let rules: [String: Rule]

    /// A conversation record (ConversationsTable). Index key attributes may not be null:
    /// DynamoDB refuses a NULL where an index expects a string or number.
    static let conversation = SeedFieldRules(rules: {
        var rules: [String: Rule] = [:]
        rules["primary_channel"] = Rule(kind: .nonEmptyString, personal: true)
        rules["conversation_id"] = Rule(kind: .nonEmptyString)
        for name in ["company_id", "project_id", "channel_method", "conversation_status", "created_at", "updated_at", "project_status",
                     "gsi_company_whatsapp_number", "gsi_company_sms_number", "gsi_company_email",
                     ConversationAttribute.leaseOwner, ConversationAttribute.lastInboundAt, ConversationAttribute.replyFailureReason,
                     ConversationAttribute.optedOutAt] {
            rules[name] = Rule(kind: .string)
        }
        for name in ["gsi_recipient_tel", "gsi_recipient_email"] { rules[name] = Rule(kind: .string, personal: true) }
        for name in ["request_id", "company_name", "project_name", "router_version", "processor_version", "initial_request_timestamp",
                     "thread_id", ConversationAttribute.handOffToHumanReason] {
            rules[name] = Rule(kind: .string, nullable: true)
        }
        for name in ["recipient_tel", "recipient_email", "recipient_first_name", "recipient_last_name"] {
            rules[name] = Rule(kind: .string, nullable: true, personal: true)
        }
        rules["allowed_channels"] = Rule(kind: .stringList)
        for name in ["auto_queue_reply_message_from_number", "auto_queue_reply_message_from_email",
                     "auto_queue_initial_message_from_number", "auto_queue_initial_message_from_email"] {
            rules[name] = Rule(kind: .stringList, nullable: true, personal: true)
        }
        for name in ["auto_queue_reply_message", "auto_queue_initial_message", ConversationAttribute.handOffToHuman, "comms_consent",
                     "function_call", ConversationAttribute.optedOut] {
            rules[name] = Rule(kind: .bool)
        }
        for name in ["company_rep", "project_data"] { rules[name] = Rule(kind: .map, nullable: true) }
        for name in ["ai_config", "channel_config", ConversationAttribute.pendingReply, ConversationAttribute.lastReplyBatch] {
            rules[name] = Rule(kind: .map)
        }
        rules[ConversationAttribute.messages] = Rule(kind: .messages)
        for name in [ConversationAttribute.taskComplete, "initial_processing_time_ms", ConversationAttribute.replyProcessingTimeMs,
                     ConversationAttribute.leaseExpiresAt] {
            rules[name] = Rule(kind: .number)
        }
        return rules
    }())

    /// Attribute names a conversation record may carry without a "did you mean" warning: the
    /// typed ones, plus template-sender fields written as NULL whose value nobody reads.
    static let knownConversationAttributes: [String] =
        Array(conversation.rules.keys) + ["email_id", "function_call_type", "failure_reason", "ttl"]

    /// A company record (CompanyDataTable).
    static let company = SeedFieldRules(rules: {
        var rules: [String: Rule] = [:]
        for name in ["company_id", "project_id"] { rules[name] = Rule(kind: .nonEmptyString) }
        for name in ["project_status", "created_at", "updated_at", "api_key_reference"] { rules[name] = Rule(kind: .string) }
        for name in ["company_name", "project_name"] { rules[name] = Rule(kind: .string, nullable: true) }
        rules["allowed_channels"] = Rule(kind: .stringList)
        for name in ["auto_queue_reply_message_from_number", "auto_queue_reply_message_from_email",
                     "auto_queue_initial_message_from_number", "auto_queue_initial_message_from_email"] {
            rules[name] = Rule(kind: .stringList, nullable: true, personal: true)
        }
        for name in ["auto_queue_reply_message", "auto_queue_initial_message"] { rules[name] = Rule(kind: .bool) }
        for name in ["ai_config", "channel_config", "rate_limits"] { rules[name] = Rule(kind: .map) }
        rules["company_rep"] = Rule(kind: .map, nullable: true)
        return rules
    }())

    static let knownCompanyAttributes: [String] = Array(company.rules.keys)

    /// One issue per attribute whose value has the wrong type.
    func typeIssues(in record: Record, at location: SeedLocation) -> [SeedIssue] {
        var issues: [SeedIssue] = []
        for (name, rule) in rules.sorted(by: { $0.key < $1.key }) {
            guard let value = record[name] else { continue }
            if value == .null {
                if !rule.nullable {
                    issues.append(SeedIssue(
                        .error, location, field: name, "must not be null: expected \(Self.expected(rule.kind))", blocking: rule.kind == .nonEmptyString))
                }
                continue
            }
            if rule.kind == .messages {
                issues += Self.messageIssues(value, at: location)
                continue
            }
            guard !Self.matches(value, rule.kind) else { continue }
            let found = rule.personal ? value.typeName : value.typeDescription
            // A key of the wrong type cannot be stored at all.
            issues.append(SeedIssue(
                .error, location, field: name, "expected \(Self.expected(rule.kind)), found \(found)", blocking: rule.kind == .nonEmptyString))
        }
        return issues
    }

    static func matches(_ value: RecordValue, _ kind: Kind) -> Bool {
        switch (kind, value) {
        case (.string, .string), (.number, .number), (.bool, .bool), (.map, .map): true
        case (.nonEmptyString, .string(let text)): !text.isEmpty
        case (.stringList, .list(let items)): items.allSatisfy { $0.stringValue != nil }
        case (.stringList, .stringSet): true
        default: false
        }
    }

    static func expected(_ kind: Kind) -> String {
        switch kind {
        case .string: "a string"
        case .nonEmptyString: "a non-empty string"
        case .number: "a number"
        case .bool: "true or false"
        case .stringList: "a list of strings such as [\"whatsapp\"]"
        case .map: "an object {...}"
        case .messages: "a list of message objects"
        }
    }

    /// `messages`: `{message_id, timestamp, role: "user"|"assistant", content}` with Number token
    /// counts (docs/DATA.md). Contents are never echoed.
    static func messageIssues(_ value: RecordValue, at location: SeedLocation) -> [SeedIssue] {
        guard case .list(let entries) = value else {
            return [SeedIssue(.error, location, field: "messages", "expected a list of message objects, found \(value.typeName)")]
        }
        var issues: [SeedIssue] = []
        for (index, entry) in entries.enumerated() {
            let field = "messages[\(index)]"
            guard case .map(let map) = entry else {
                issues.append(SeedIssue(.error, location, field: field, "expected an object {message_id, timestamp, role, content}, found \(entry.typeName)"))
                continue
            }
            if map.string("role").flatMap(MessageEntry.Role.init(rawValue:)) == nil {
                let found = map["role"].map { $0.typeDescription } ?? "nothing"
                issues.append(SeedIssue(.error, location, field: field + ".role", "expected \"user\", \"assistant\" or \"operator\", found \(found)"))
            }
            if map.string("content") == nil {
                issues.append(SeedIssue(.error, location, field: field + ".content", "expected a string, found \(map["content"]?.typeName ?? "nothing")"))
            }
            for name in ["message_id", "timestamp"] where map.string(name) == nil {
                issues.append(SeedIssue(.warning, location, field: field + ".\(name)", "expected a string, found \(map[name]?.typeName ?? "nothing")"))
            }
            for name in ["prompt_tokens", "completion_tokens", "total_tokens"] {
                if let count = map[name], count.numberText == nil {
                    issues.append(SeedIssue(.error, location, field: field + ".\(name)", "expected a number, found \(count.typeDescription)"))
                }
            }
        }
        return issues
    }
}
