package import AWSCore
package import RepliesCore

/// The DynamoDB tables the engine uses, defined once for provisioning, validation and tests.
///
/// ```swift
/// try await dynamo.createTable(TableLayouts.conversations(name: "ai-multi-comms-conversations-dev"))
/// ```
package enum TableLayouts {
    /// The shared ConversationsTable exactly as the template sender's stack defines it
    /// (original-system.md §1.1): every AttributeDefinition type, 4 GSIs, 4 LSIs, PAY_PER_REQUEST.
    package static func conversations(name: String) -> TableDefinition {
        TableDefinition(
            name: name,
            attributes: conversationAttributeTypes.map { AttributeDefinition($0.key, $0.value) }.sorted { $0.name < $1.name },
            keySchema: [.hash("primary_channel"), .range("conversation_id")],
            globalSecondaryIndexes: [
                SecondaryIndex(name: "company-id-project-id-index", keySchema: [.hash("company_id"), .range("project_id")]),
                SecondaryIndex(name: Channel.whatsapp.lookupIndex, keySchema: [.hash("gsi_company_whatsapp_number"), .range("gsi_recipient_tel")]),
                SecondaryIndex(name: Channel.sms.lookupIndex, keySchema: [.hash("gsi_company_sms_number"), .range("gsi_recipient_tel")]),
                SecondaryIndex(name: Channel.email.lookupIndex, keySchema: [.hash("gsi_company_email"), .range("gsi_recipient_email")]),
            ],
            localSecondaryIndexes: [
                SecondaryIndex(name: "created-at-index", keySchema: [.hash("primary_channel"), .range("created_at")]),
                SecondaryIndex(name: "task-complete-index", keySchema: [.hash("primary_channel"), .range("task_complete")]),
                SecondaryIndex(name: "conversation-status-index", keySchema: [.hash("primary_channel"), .range("conversation_status")]),
                SecondaryIndex(name: "channel-method-index", keySchema: [.hash("primary_channel"), .range("channel_method")]),
            ])
    }

    /// Types of every key and index attribute of the ConversationsTable: writes must keep them.
    package static let conversationAttributeTypes: [String: AttributeDefinition.ScalarType] = [
        "primary_channel": .s, "conversation_id": .s, "company_id": .s, "project_id": .s, "created_at": .s,
        "task_complete": .n, "conversation_status": .s, "channel_method": .s,
        "gsi_company_whatsapp_number": .s, "gsi_company_sms_number": .s, "gsi_company_email": .s,
        "gsi_recipient_tel": .s, "gsi_recipient_email": .s,
    ]

    /// The stage table, with the sparse GSI over pending fragments that the sweeper reads.
    package static func stage(name: String) -> TableDefinition {
        TableDefinition(
            name: name,
            attributes: [
                AttributeDefinition("conversation_id", .s), AttributeDefinition("message_sid", .s),
                AttributeDefinition(StageItem.pendingPartition, .s), AttributeDefinition(StageItem.receivedAtMs, .n),
            ],
            keySchema: [.hash("conversation_id"), .range("message_sid")],
            globalSecondaryIndexes: [
                SecondaryIndex(
                    name: StageItem.pendingIndex, keySchema: [.hash(StageItem.pendingPartition), .range(StageItem.receivedAtMs)],
                    projection: Projection(.include, nonKeyAttributes: ["primary_channel", "channel"]))
            ])
    }

    /// The history table: turns moved out of the records' `messages` (``DynamoDBTurnArchive``).
    package static func history(name: String) -> TableDefinition {
        TableDefinition(
            name: name,
            attributes: [AttributeDefinition(DynamoDBTurnArchive.conversationId, .s), AttributeDefinition(DynamoDBTurnArchive.position, .n)],
            keySchema: [.hash(DynamoDBTurnArchive.conversationId), .range(DynamoDBTurnArchive.position)])
    }

    package static func locks(name: String) -> TableDefinition {
        TableDefinition(name: name, attributes: [AttributeDefinition("conversation_id", .s)], keySchema: [.hash("conversation_id")])
    }

    /// The operator API's table: tokens, sends and inbox lines as items keyed `pk`/`sk`, with
    /// the sparse `company-index` (tokens and inbox lines of one company, by time).
    package static func operatorTable(name: String) -> TableDefinition {
        TableDefinition(
            name: name,
            attributes: [
                AttributeDefinition(OperatorItems.pk, .s), AttributeDefinition(OperatorItems.sk, .s),
                AttributeDefinition(OperatorItems.gsiPk, .s), AttributeDefinition(OperatorItems.gsiSk, .n),
            ],
            keySchema: [.hash(OperatorItems.pk), .range(OperatorItems.sk)],
            globalSecondaryIndexes: [SecondaryIndex(name: OperatorItems.companyIndex, keySchema: [.hash(OperatorItems.gsiPk), .range(OperatorItems.gsiSk)])])
    }

    /// The template sender's CompanyDataTable (§1.2).
    package static func companyData(name: String) -> TableDefinition {
        TableDefinition(
            name: name, attributes: [AttributeDefinition("company_id", .s), AttributeDefinition("project_id", .s)],
            keySchema: [.hash("company_id"), .range("project_id")])
    }

    /// The TTL attribute of the stage and lock tables.
    package static let ttlAttribute = "expires_at"

    /// Problems that would make a write to the ConversationsTable fail: an index key attribute
    /// with another type (NULL included). Empty when the record is fine.
    package static func typeProblems(in record: Record) -> [String] {
        conversationAttributeTypes.keys.sorted().compactMap { name in
            guard let value = record[name], let expected = conversationAttributeTypes[name] else { return nil }
            switch (expected, value) {
            case (.s, .string), (.n, .number): return nil
            default: return "'\(name)' must be \(expected == .n ? "a number" : "a string"), found \(typeName(value))"
            }
        }
    }

    /// The DynamoDB type of a value, for messages that must not echo the value itself.
    static func typeName(_ value: RecordValue) -> String {
        switch value {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "NULL"
        case .list: "a list"
        case .map: "a map"
        case .stringSet: "a string set"
        case .numberSet: "a number set"
        }
    }
}
