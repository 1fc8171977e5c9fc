package import Foundation

/// A seed file, read strictly: `{"companies": [...], "conversations": [...], "secrets": {...}}`
/// and nothing else. `"_comment"` keys (any value) are allowed at the top level, in every
/// record and in the secrets object, and are dropped: JSON has no comments, and an example file
/// needs them. Every structural problem becomes a ``SeedIssue`` naming where it is, so one run
/// reports all of them.
///
/// ```swift
/// let document = SeedDocument.parse(try Data(contentsOf: url))
/// if document.issues.isEmpty { … document.data … }
/// ```
package struct SeedDocument: Sendable {
    /// The top-level keys a seed file may have.
    package static let sections = ["companies", "conversations", "secrets"]
    /// The key every object may carry for a human reader.
    package static let commentKey = "_comment"

    /// A record of the file with its position in its section.
    package struct Entry: Sendable, Hashable {
        package var index: Int
        package var record: Record
    }

    package var companies: [Entry] = []
    package var conversations: [Entry] = []
    package var secrets: [String: [String: String]] = [:]
    package var issues: [SeedIssue] = []

    /// The records and secrets as written in the file (comments removed).
    package var data: SeedData {
        SeedData(companies: companies.map(\.record), conversations: conversations.map(\.record), secrets: secrets)
    }

    /// What `seed` writes: ``data`` with the `gsi_*` lookup attributes filled in.
    package var prepared: SeedData {
        var data = self.data
        data.conversations = data.conversations.map(SeedData.withIndexAttributes)
        return data
    }

    package static func parse(_ bytes: Data) -> SeedDocument {
        var document = SeedDocument()
        let top: Record
        do {
            top = try JSONDecoder().decode(Record.self, from: bytes)
        } catch {
            let isObject = (try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])).map { $0 is [String: Any] }
            let message = isObject == false
                ? "the file must be a JSON object {\"companies\": [...], \"conversations\": [...], \"secrets\": {...}}"
                : "the file is not valid JSON: \(Self.reason(error))"
            document.issues.append(SeedIssue(.error, .file, field: nil, message, blocking: true))
            return document
        }
        for key in top.keys.sorted() where !sections.contains(key) && key != commentKey {
            let hint = Suggestion.nearest(to: key, in: sections).map { " (did you mean \"\($0)\"?)" } ?? ""
            document.issues.append(SeedIssue(
                .error, .file, field: key,
                "unknown top-level key\(hint); a seed file has only \"companies\", \"conversations\", \"secrets\" and \"_comment\"",
                blocking: true))
        }
        document.companies = document.records(top["companies"], section: .companies, what: "a company record")
        document.conversations = document.records(top["conversations"], section: .conversations, what: "a conversation record")
        document.secrets = document.readSecrets(top["secrets"])
        if document.issues.isEmpty && document.data.isEmpty {
            document.issues.append(SeedIssue(.warning, .file, field: nil, "nothing to seed: no companies, conversations or secrets"))
        }
        return document
    }

    private mutating func records(_ value: RecordValue?, section: SeedLocation.Section, what: String) -> [Entry] {
        guard let value else { return [] }
        guard case .list(let items) = value else {
            issues.append(SeedIssue(.error, .file, field: section.rawValue, "expected a list of records [{...}, ...], found \(value.typeDescription)", blocking: true))
            return []
        }
        var entries: [Entry] = []
        for (index, item) in items.enumerated() {
            guard case .map(var record) = item else {
                issues.append(SeedIssue(.error, SeedLocation(section, index: index), field: nil, "expected an object (\(what)), found \(item.typeDescription)", blocking: true))
                continue
            }
            record.removeValue(forKey: Self.commentKey)
            entries.append(Entry(index: index, record: record))
        }
        return entries
    }

    private mutating func readSecrets(_ value: RecordValue?) -> [String: [String: String]] {
        guard let value else { return [:] }
        guard case .map(let named) = value else {
            issues.append(SeedIssue(.error, .file, field: "secrets", "expected an object {\"secret name\": {\"key\": \"value\"}}, found \(value.typeDescription)", blocking: true))
            return [:]
        }
        var secrets: [String: [String: String]] = [:]
        for (name, item) in named.sorted(by: { $0.key < $1.key }) where name != Self.commentKey {
            guard case .map(let fields) = item else {
                issues.append(SeedIssue(.error, .secret(name), field: nil, "expected an object of strings {\"key\": \"value\"}, found \(item.typeDescription)", blocking: true))
                continue
            }
            var strings: [String: String] = [:]
            for (key, field) in fields where key != Self.commentKey {
                guard case .string(let text) = field else {
                    // Secret values are never echoed.
                    issues.append(SeedIssue(.error, .secret(name), field: key, "expected a string, found \(field.typeName)", blocking: true))
                    continue
                }
                strings[key] = text
            }
            secrets[name] = strings
        }
        return secrets
    }

    /// The most useful part of a decoding error: Foundation's message with line and column.
    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                return detail
            }
            return context.debugDescription
        }
        return "\(error)"
    }
}
