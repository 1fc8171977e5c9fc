/// Reply budgets: how many model calls a conversation, and a company, may cause per window.
/// A budget of 0 is off. Windows are fixed UTC hours, days and minutes.
package struct ReplyBudgetSettings: Sendable, Hashable {
    /// `REPLY_BUDGET_CONVERSATION_PER_HOUR`
    package var conversationPerHour: Int = 20
    /// `REPLY_BUDGET_CONVERSATION_PER_DAY`
    package var conversationPerDay: Int = 60
    /// `REPLY_BUDGET_COMPANY_PER_HOUR`: per company (`company_id`), all its conversations.
    package var companyPerHour: Int = 0
    /// `REPLY_BUDGET_COMPANY_PER_DAY`
    package var companyPerDay: Int = 0

    package init() {}
}
