/// One problem `seed` found in its input, naming the record and the field.
///
/// Errors stop the seed before anything is written; warnings are printed and the seed goes on.
///
/// ```swift
/// print(issue)   // error: conversations[0] (conversation_id "ci-aaa-001#…"): allowed_channels: expected a list of strings …
/// ```
package struct SeedIssue: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning

        package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    package var severity: Severity
    package var location: SeedLocation
    /// The attribute path inside the record (`channel_config.whatsapp_credentials_id`), or nil
    /// when the problem is the record (or file) as a whole.
    package var field: String?
    package var message: String
    /// The seed cannot be written at all (bad structure, a missing key, a duplicate): stays an
    /// error even with `--lenient`, which turns the other errors into warnings.
    package var blocking: Bool

    package init(_ severity: Severity, _ location: SeedLocation, field: String?, _ message: String, blocking: Bool = false) {
        self.severity = severity
        self.location = location
        self.field = field
        self.message = message
        self.blocking = blocking
    }

    /// `--lenient`: every error that does not block the write becomes a warning.
    package var lenient: SeedIssue {
        guard severity == .error, !blocking else { return self }
        var issue = self
        issue.severity = .warning
        return issue
    }

    package var description: String {
        "\(severity.rawValue): \(location)\(field.map { ": \($0)" } ?? ""): \(message)"
    }
}

/// Where in the seed file a problem is: the file itself, or one record of a section, by index
/// and by its key (`conversation_id`, `company_id/project_id`, secret name). Phone numbers are
/// never part of a location.
package struct SeedLocation: Sendable, Hashable, CustomStringConvertible {
    package enum Section: String, Sendable, Hashable {
        case file, companies, conversations, secrets
    }

    package var section: Section
    package var index: Int?
    package var label: String?

    package init(_ section: Section, index: Int? = nil, label: String? = nil) {
        self.section = section
        self.index = index
        self.label = label
    }

    package static let file = SeedLocation(.file)

    package static func conversation(_ index: Int, _ record: Record) -> SeedLocation {
        SeedLocation(.conversations, index: index, label: record.nonEmptyString("conversation_id").map { "conversation_id \"\($0)\"" })
    }

    package static func company(_ index: Int, _ record: Record) -> SeedLocation {
        let id = [record.nonEmptyString("company_id"), record.nonEmptyString("project_id")]
        let label = id.contains(nil) ? nil : "company_id/project_id \"\(id.compactMap { $0 }.joined(separator: "/"))\""
        return SeedLocation(.companies, index: index, label: label)
    }

    package static func secret(_ name: String) -> SeedLocation {
        SeedLocation(.secrets, label: "\"\(name)\"")
    }

    package var description: String {
        switch (section, index, label) {
        case (.file, _, _): "the file"
        case (.secrets, _, let label?): "secrets[\(label)]"
        case (_, let index?, let label?): "\(section.rawValue)[\(index)] (\(label))"
        case (_, let index?, nil): "\(section.rawValue)[\(index)]"
        case (_, nil, _): section.rawValue
        }
    }
}
