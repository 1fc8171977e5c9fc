package import Foundation

/// The operator tokens (embedded: the `operator_tokens` table; AWS: `OPERATOR_TOKENS_TABLE`).
package protocol OperatorTokenStore: Sendable {
    /// Stores a new token; false when a token with the same hash exists (nothing written).
    func create(_ token: OperatorToken) async throws -> Bool

    /// The token with this hash, revoked or not; nil when unknown.
    func token(hash: String) async throws -> OperatorToken?

    /// Every token of `companyId`, oldest first.
    func tokens(companyId: String) async throws -> [OperatorToken]

    /// Revokes the company's tokens named `name` that are not revoked yet; how many it revoked.
    func revoke(companyId: String, name: String, at: Date) async throws -> Int
}
