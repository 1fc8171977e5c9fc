package import Foundation

/// One reply budget: at most `limit` model calls per fixed UTC `window` for one scope (a
/// conversation, a company, or a CompanyDataTable record's `rate_limits`).
///
/// ```swift
/// let budgets = ReplyBudget.applicable(to: conversation, company: companyRecord, settings: settings)
/// budgets[0].counter(at: now)   // "conversation:c1:hour:493921"
/// ```
package struct ReplyBudget: Sendable, Hashable, CustomStringConvertible {
    package enum Window: String, Sendable, Hashable {
        case minute, hour, day

        var seconds: Int64 {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            }
        }
    }

    /// What the notice calls it: `conversation_per_hour`, `company_per_day`, `rate_limits.requests_per_minute`…
    package var name: String
    /// Whose calls are counted: `conversation:<id>`, `company:<id>`, `project:<company>/<project>`.
    package var scope: String
    package var window: Window
    package var limit: Int

    package var description: String { "\(name) (\(limit) per \(window.rawValue))" }

    /// The counter of the window containing `now`.
    package func counter(at now: Date) -> String { "\(scope):\(window.rawValue):\(bucket(now))" }

    /// When the window containing `now` ends (the counter may then be deleted).
    package func windowEnd(at now: Date) -> Date {
        Date(timeIntervalSince1970: TimeInterval((bucket(now) + 1) * window.seconds))
    }

    private func bucket(_ now: Date) -> Int64 { Int64(now.timeIntervalSince1970.rounded(.down)) / window.seconds }

    /// Every budget that applies to a model call for `conversation`, cheapest scope first. The
    /// company record's `rate_limits.requests_per_minute` / `requests_per_day` (positive numbers)
    /// count every conversation of that company and project together.
    package static func applicable(to conversation: Conversation, company: Record?, settings: EngineSettings) -> [ReplyBudget] {
        let id = conversation.key.conversationId
        var budgets = [
            ReplyBudget(name: "conversation_per_hour", scope: "conversation:\(id)", window: .hour, limit: settings.budgets.conversationPerHour),
            ReplyBudget(name: "conversation_per_day", scope: "conversation:\(id)", window: .day, limit: settings.budgets.conversationPerDay),
        ]
        if let companyId = conversation.companyId {
            budgets.append(ReplyBudget(name: "company_per_hour", scope: "company:\(companyId)", window: .hour, limit: settings.budgets.companyPerHour))
            budgets.append(ReplyBudget(name: "company_per_day", scope: "company:\(companyId)", window: .day, limit: settings.budgets.companyPerDay))
            if let projectId = conversation.projectId, let limits = company?.map("rate_limits") {
                let scope = "project:\(companyId)/\(projectId)"
                if let perMinute = limits.int("requests_per_minute") {
                    budgets.append(ReplyBudget(name: "rate_limits.requests_per_minute", scope: scope, window: .minute, limit: perMinute))
                }
                if let perDay = limits.int("requests_per_day") {
                    budgets.append(ReplyBudget(name: "rate_limits.requests_per_day", scope: scope, window: .day, limit: perDay))
                }
            }
        }
        return budgets.filter { $0.limit > 0 }
    }
}
