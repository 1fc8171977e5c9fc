/// The operator inbox: which conversations of a company were handed off, newest first.
package protocol OperatorInbox: Sendable {
    /// Creates or replaces the conversation's entry.
    func upsert(_ entry: InboxEntry) async throws

    /// Up to `limit` entries of `companyId` after `cursor` (handed-off time descending), only
    /// those marked handed off when `handedOffOnly`; `next` is set when more may follow.
    func page(companyId: String, handedOffOnly: Bool, after cursor: InboxCursor?, limit: Int) async throws -> InboxPage
}
