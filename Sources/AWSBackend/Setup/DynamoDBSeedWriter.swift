package import AWSCore
package import RepliesCore

/// ``SeedWriter`` on AWS. DynamoDB and Secrets Manager have no transaction spanning a seed, so:
/// every conversation is read (strongly consistent) and checked for engine history before the
/// first write; then secrets, companies and conversations are written one by one, each
/// conversation conditional on the engine not having written to it since the check (its lease,
/// status, `updated_at` and `messages` count as read); the first failure stops the seed with
/// ``SeedWriteError/interrupted(written:failedAt:reason:notWritten:)`` listing what was written.
/// Secrets go first: a secret without its records is harmless, a record without its secret
/// would refuse webhooks.
///
/// ```swift
/// let writer = DynamoDBSeedWriter(ports: aws)
/// let report = try await writer.write(document.prepared, replacingHistory: false)
/// ```
package struct DynamoDBSeedWriter: SeedWriter {
    /// Its clients, tables and secret write; not its batch writes, which are unconditional.
    let seeder: AWSSeeder

    package init(seeder: AWSSeeder) {
        self.seeder = seeder
    }

    package init(ports: AWSBackendPorts) {
        self.init(seeder: AWSSeeder(ports: ports))
    }

    /// The attributes a conversation write is guarded on: every engine write changes at least
    /// one of them (taking the lease sets it and the status; completing a batch sets the status
    /// and `updated_at` and appends to `messages`).
    static let guardedAttributes = [
        ConversationAttribute.leaseOwner, ConversationAttribute.leaseExpiresAt, ConversationAttribute.status, ConversationAttribute.updatedAt,
    ]

    package func write(_ data: SeedData, replacingHistory: Bool) async throws -> SeedReport {
        let dynamo = seeder.dynamo, conversationsTable = seeder.conversationsTable, companyDataTable = seeder.companyDataTable
        if !data.companies.isEmpty && companyDataTable == nil {
            throw SeedWriteError.failed(reason: "COMPANY_DATA_TABLE is not set, so company records cannot be written")
        }
        var plans: [(key: ConversationKey, record: Record, existing: Record?)] = []
        var report = SeedReport()
        var conflicts: [SeedConflict] = []
        do {
            for record in data.conversations {
                let key = try Conversation(record: record).key
                let existing = try await dynamo.getItem(table: conversationsTable, key: DynamoDBConversationStore.item(key))
                    .map { try Record(item: $0) }
                let change = SeedReport.change(existing: existing, incoming: record)
                if case .replacedHistory(let losses) = change, !replacingHistory { conflicts.append(SeedConflict(key: key, losses: losses)) }
                report.conversations[key] = change
                plans.append((key, record, existing))
            }
        } catch {
            throw SeedWriteError.failed(reason: "reading the existing records failed: \(error)")
        }
        guard conflicts.isEmpty else { throw SeedWriteError.history(conflicts) }

        var progress = Progress(total: data.secrets.count + data.companies.count + plans.count)
        for (name, value) in data.secrets.sorted(by: { $0.key < $1.key }) {
            try await progress.step("secret \(name)") { _ = try await seeder.seedSecrets([name: value]) }
        }
        if let companyDataTable {
            for record in data.companies {
                try await progress.step("company \(CompanyKey(record: record)?.description ?? "?")") {
                    try await dynamo.putItem(table: companyDataTable, item: DynamoDBItem(record: record))
                }
            }
        }
        for plan in plans {
            try await progress.step("conversation \(plan.key.conversationId)") {
                do {
                    try await dynamo.putItem(
                        table: conversationsTable, item: DynamoDBItem(record: plan.record),
                        condition: replacingHistory ? nil : Self.unchangedSince(plan.existing))
                } catch DynamoDBError.conditionalCheckFailed {
                    throw SeedRaceError()
                }
            }
        }
        report.companies = data.companies.count
        report.secrets = data.secrets.count
        return report
    }

    /// The record is still as `seed` read it: absent, or with the same guarded attributes and
    /// the same number of `messages`.
    package static func unchangedSince(_ existing: Record?) -> DynamoDBExpression {
        var builder = ExpressionBuilder()
        guard let existing else {
            // The name is handed out before `expression` reads the builder.
            let absent = "attribute_not_exists(\(builder.name("primary_channel")))"
            return builder.expression(absent)
        }
        var clauses: [String] = []
        for name in guardedAttributes {
            let placeholder = builder.name(name)
            if let value = existing[name] {
                clauses.append("\(placeholder) = \(builder.value(AttributeValue(value)))")
            } else {
                clauses.append("attribute_not_exists(\(placeholder))")
            }
        }
        let messages = builder.name(ConversationAttribute.messages)
        if let list = existing.list(ConversationAttribute.messages) {
            clauses.append("size(\(messages)) = \(builder.value(.n(String(list.count))))")
        } else {
            clauses.append("attribute_not_exists(\(messages))")
        }
        return builder.expression(clauses.joined(separator: " AND "))
    }

    /// Counts what was written so that a failure can say exactly that.
    private struct Progress {
        let total: Int
        var written: [String] = []

        init(total: Int) { self.total = total }

        mutating func step(_ what: String, _ body: () async throws -> Void) async throws {
            do {
                try await body()
            } catch {
                let reason = error is SeedRaceError
                    ? "the engine wrote to this conversation after seed checked it; run seed again to see whether it now has history"
                    : "\(error)"
                throw SeedWriteError.interrupted(written: written, failedAt: what, reason: reason, notWritten: total - written.count - 1)
            }
            written.append(what)
        }
    }

    private struct SeedRaceError: Error {}
}
