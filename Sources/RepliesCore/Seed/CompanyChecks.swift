/// Checks of one company record (CompanyDataTable) beyond attribute types.
enum CompanyChecks {
    static func issues(_ record: Record, at location: SeedLocation) -> [SeedIssue] {
        var issues: [SeedIssue] = []
        for name in ["company_id", "project_id"] where record[name] == nil {
            issues.append(SeedIssue(.error, location, field: name, "is missing: a company record is keyed by company_id and project_id", blocking: true))
        }
        let config = record.map("channel_config") ?? [:]
        if Channel.allCases.contains(where: { config[$0.companyNumberConfigKey] != nil || config[$0.credentialsConfigKey] != nil }) {
            issues.append(SeedIssue(
                .error, location, field: "channel_config",
                "is flattened (a conversation's shape); a company's is nested by channel: {\"whatsapp\": {\"company_whatsapp_number\": …, \"whatsapp_credentials_id\": …}}"))
        }
        if let status = record.string("project_status"), status != "active" {
            issues.append(SeedIssue(.warning, location, field: "project_status", "is \"\(status)\": messages for this project's conversations are refused"))
        }
        return issues
    }
}
