package import Foundation

/// The operator sends, by (company, idempotency key) (embedded: the `operator_sends` table;
/// AWS: `OPERATOR_SENDS_TABLE`). Claims are conditional writes, so one attempt per key runs.
package protocol OperatorSendLog: Sendable {
    /// Stores `send` when its key is new; takes over a `pending` send whose attempt expired at
    /// or before `now` (renewing it to `send.attemptExpiresAt`); else reports what is there.
    func claim(_ send: OperatorSend, now: Date) async throws -> OperatorSendClaim

    /// Replaces the stored send (its state and SID moved on).
    func save(_ send: OperatorSend) async throws

    /// Forgets a send that certainly did not happen (the provider refused it), so its key may
    /// be used again.
    func delete(companyId: String, idempotencyKey: String) async throws
}
