/// Checks a seed file before anything is written: types of the attributes the engine reads,
/// duplicate keys, and whether each conversation can ever be matched and answered (a user
/// number and a company number on the lookup index, credentials for the channel, an active
/// project that allows the channel, an OpenAI key reference). Errors name the record and the
/// field; suspicious but legal values are warnings.
///
/// ```swift
/// let issues = SeedValidator.validate(document, context: context)
/// if issues.contains(where: { $0.severity == .error }) { … nothing is written … }
/// ```
package enum SeedValidator {
    package static func validate(_ document: SeedDocument, context: SeedContext) -> [SeedIssue] {
        var issues = document.issues
        var companies: [CompanyKey: Record] = context.companies
        var seenCompanies: [CompanyKey: Int] = [:]
        for entry in document.companies {
            let location = SeedLocation.company(entry.index, entry.record)
            issues += SeedFieldRules.company.typeIssues(in: entry.record, at: location)
            issues += unknownAttributes(entry.record, known: SeedFieldRules.knownCompanyAttributes, at: location)
            issues += CompanyChecks.issues(entry.record, at: location)
            guard let key = CompanyKey(record: entry.record) else { continue }
            if let first = seenCompanies[key] {
                issues.append(SeedIssue(.error, location, field: nil, "the same company_id/project_id as companies[\(first)]; each company record may appear once", blocking: true))
            }
            seenCompanies[key] = seenCompanies[key] ?? entry.index
            companies[key] = entry.record
        }
        if !document.companies.isEmpty && !context.hasCompanyDirectory {
            issues.append(SeedIssue(
                .error, .file, field: "companies",
                "this backend has no company directory (on AWS set COMPANY_DATA_TABLE); remove \"companies\" or configure one",
                blocking: true))
        }

        let secrets = context.secrets.merging(document.secrets) { _, file in file }
        var seenKeys: [ConversationKey: Int] = [:]
        var pairs: [String: [Int]] = [:]
        for entry in document.conversations {
            let location = SeedLocation.conversation(entry.index, entry.record)
            issues += SeedFieldRules.conversation.typeIssues(in: entry.record, at: location)
            issues += unknownAttributes(entry.record, known: SeedFieldRules.knownConversationAttributes, at: location)
            let checks = ConversationChecks(record: entry.record, location: location, companies: companies, secrets: secrets)
            issues += checks.issues()
            if let key = try? Conversation(record: entry.record).key {
                if let first = seenKeys[key] {
                    issues.append(SeedIssue(.error, location, field: nil, "the same primary_channel and conversation_id as conversations[\(first)]; each record may appear once", blocking: true))
                }
                seenKeys[key] = seenKeys[key] ?? entry.index
            }
            for pair in checks.numberPairs { pairs[pair, default: []].append(entry.index) }
        }
        for indices in pairs.values where indices.count > 1 {
            for index in indices.dropFirst() {
                let entry = document.conversations.first { $0.index == index }
                issues.append(SeedIssue(
                    .warning, .conversation(index, entry?.record ?? [:]), field: nil,
                    "shares its number pair with conversations[\(indices[0])]: an inbound message goes to the record with the latest created_at"))
            }
        }
        for (name, secret) in document.secrets.sorted(by: { $0.key < $1.key }) {
            if let sid = secret["twilio_account_sid"], !isAccountSid(sid) {
                issues.append(SeedIssue(.warning, .secret(name), field: "twilio_account_sid", "is not AC followed by 32 hexadecimal digits, the form of a Twilio Account SID"))
            }
        }
        return issues.sorted { $0.severity < $1.severity }
    }

    /// The secrets and company records the file's conversations refer to but do not contain:
    /// the loader looks them up in the backend for ``validate(_:context:)``.
    package static func references(in document: SeedDocument) -> SeedReferences {
        var references = SeedReferences()
        let inFile = Set(document.companies.compactMap { CompanyKey(record: $0.record) })
        for entry in document.conversations {
            let record = entry.record
            if let key = CompanyKey(record: record), !inFile.contains(key) { references.companies.insert(key) }
            let config = record.map("channel_config") ?? [:]
            for channel in Channel.allCases {
                if let name = config.nonEmptyString(channel.credentialsConfigKey) { references.secrets.insert(name) }
            }
            if let name = (record.map("ai_config") ?? [:]).nonEmptyString("api_key_reference") { references.secrets.insert(name) }
        }
        references.secrets.subtract(document.secrets.keys)
        return references
    }

    /// A warning for an attribute name one or two letters from a known one: a typo would
    /// otherwise be stored silently and the real attribute be missing.
    static func unknownAttributes(_ record: Record, known: [String], at location: SeedLocation) -> [SeedIssue] {
        record.keys.sorted().compactMap { name in
            guard !known.contains(name), let suggestion = Suggestion.nearest(to: name, in: known, maxDistance: 2) else { return nil }
            return SeedIssue(.warning, location, field: name, "unknown attribute; did you mean \"\(suggestion)\"? It is stored as written")
        }
    }

    static func isAccountSid(_ text: String) -> Bool {
        text.count == 34 && text.hasPrefix("AC") && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}
