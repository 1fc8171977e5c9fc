import Foundation
import RepliesCore

/// The `seed` input: plain-JSON records shaped exactly like the template sender's
/// (`{"companies": [...], "conversations": [...], "secrets": {"name": {...}}}`).
struct SeedFile: Decodable, Sendable {
    var companies: [Record] = []
    var conversations: [Record] = []
    var secrets: [String: [String: String]] = [:]

    init(companies: [Record], conversations: [Record], secrets: [String: [String: String]]) {
        self.companies = companies
        self.conversations = conversations
        self.secrets = secrets
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        companies = try container.decodeIfPresent([Record].self, forKey: .companies) ?? []
        conversations = try container.decodeIfPresent([Record].self, forKey: .conversations) ?? []
        secrets = try container.decodeIfPresent([String: [String: String]].self, forKey: .secrets) ?? [:]
    }

    enum CodingKeys: String, CodingKey { case companies, conversations, secrets }

    static func read(_ path: String) throws -> SeedFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw SeedError.unreadable(path) }
        do {
            return try JSONDecoder().decode(SeedFile.self, from: data)
        } catch {
            throw SeedError.malformed(path, "\(error)")
        }
    }

    /// Fills the sparse `gsi_*` lookup attributes the way the template sender writes them, when a
    /// hand-written record leaves them out; never changes ones that are present.
    static func withIndexAttributes(_ record: Record) -> Record {
        var record = record
        if record["gsi_recipient_tel"] == nil, let tel = record.nonEmptyString("recipient_tel") {
            record["gsi_recipient_tel"] = .string(tel)
        }
        if record["gsi_recipient_email"] == nil, let email = record.nonEmptyString("recipient_email") {
            record["gsi_recipient_email"] = .string(email)
        }
        let config = record.map("channel_config") ?? [:]
        for channel in Channel.allCases where record[channel.companyNumberIndexAttribute] == nil {
            if let number = config.nonEmptyString(channel.companyNumberConfigKey) {
                record[channel.companyNumberIndexAttribute] = .string(number)
            }
        }
        return record
    }
}

enum SeedError: Error, CustomStringConvertible {
    case unreadable(String)
    case malformed(String, String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read seed file \(path)"
        case .malformed(let path, let why): "seed file \(path) is not {\"companies\": [...], \"conversations\": [...], \"secrets\": {...}}: \(why)"
        }
    }
}
