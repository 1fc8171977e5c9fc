package import AWSCore
import Foundation
package import RepliesCore

/// Writes development and test data: conversation records exactly as given (plain-JSON records
/// decode to ``RecordValue`` with NULLs, numbers and lists intact), company records, and
/// secrets (created, or updated when they exist).
///
/// ```swift
/// let seeder = AWSSeeder(ports: AWSBackendPorts(configuration: configuration))
/// let records = try JSONDecoder().decode([Record].self, from: data)
/// try await seeder.seedConversations(records)
/// try await seeder.seedSecrets(["demo/twilio": ["twilio_account_sid": "AC…", "twilio_auth_token": "…"]])
/// ```
package struct AWSSeeder: Sendable {
    package let dynamo: DynamoDBClient
    package let secretsManager: SecretsManagerClient
    package let conversationsTable: String
    package let companyDataTable: String?

    package init(dynamo: DynamoDBClient, secretsManager: SecretsManagerClient, conversationsTable: String, companyDataTable: String?) {
        self.dynamo = dynamo
        self.secretsManager = secretsManager
        self.conversationsTable = conversationsTable
        self.companyDataTable = companyDataTable
    }

    package init(ports: AWSBackendPorts) {
        self.init(
            dynamo: ports.dynamo, secretsManager: ports.secretsManager,
            conversationsTable: ports.configuration.conversationsTable, companyDataTable: ports.configuration.companyDataTable)
    }

    /// Writes (creates or replaces) each record; returns how many were written. Every record is
    /// checked first: keys present, index attributes of the right type.
    @discardableResult
    package func seedConversations(_ records: [Record]) async throws -> Int {
        for (index, record) in records.enumerated() {
            do {
                _ = try Conversation(record: record)
            } catch {
                throw AWSSeedError(what: "conversation record #\(index + 1)", problem: "\(error)")
            }
            if let problem = TableLayouts.typeProblems(in: record).first {
                throw AWSSeedError(what: "conversation record #\(index + 1)", problem: problem)
            }
        }
        return try await write(records, table: conversationsTable, key: ["primary_channel", "conversation_id"])
    }

    /// Writes company records into `COMPANY_DATA_TABLE`.
    @discardableResult
    package func seedCompanies(_ records: [Record]) async throws -> Int {
        guard let table = companyDataTable else {
            throw AWSSeedError(what: "company records", problem: "COMPANY_DATA_TABLE is not set")
        }
        for (index, record) in records.enumerated()
        where record.nonEmptyString("company_id") == nil || record.nonEmptyString("project_id") == nil {
            throw AWSSeedError(what: "company record #\(index + 1)", problem: "company_id and project_id must be non-empty strings")
        }
        return try await write(records, table: table, key: ["company_id", "project_id"])
    }

    /// Creates each secret as a JSON object of strings, or puts a new version when it exists.
    @discardableResult
    package func seedSecrets(_ secrets: [String: [String: String]]) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for name in secrets.keys.sorted() {
            let text = String(decoding: try encoder.encode(secrets[name] ?? [:]), as: UTF8.self)
            try await secretsManager.createOrUpdateSecret(name: name, secretString: text)
        }
        return secrets.count
    }

    /// Batch-writes records; a later record with the same key replaces an earlier one.
    private func write(_ records: [Record], table: String, key: [String]) async throws -> Int {
        var order: [[RecordValue?]] = []
        var byKey: [[RecordValue?]: Record] = [:]
        for record in records {
            let id = key.map { record[$0] }
            if byKey[id] == nil { order.append(id) }
            byKey[id] = record
        }
        let requests = order.compactMap { byKey[$0] }.map { DynamoDBWriteRequest.put(item: DynamoDBItem(record: $0)) }
        try await dynamo.batchWrite(table: table, requests: requests)
        return requests.count
    }
}

/// Seed data that cannot be written; names the record and the problem.
package struct AWSSeedError: Error, CustomStringConvertible {
    package var what: String
    package var problem: String
    package var description: String { "cannot seed \(what): \(problem)" }
}
