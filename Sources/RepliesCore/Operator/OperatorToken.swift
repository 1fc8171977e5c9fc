package import Foundation

/// A per-company operator token as stored: only the SHA-256 of the secret token (hex), never
/// the token itself. Made by `replies-engine operator-token create`.
package struct OperatorToken: Sendable, Hashable {
    /// Hex SHA-256 of the token the operator holds; the store's key.
    package var tokenHash: String
    package var companyId: String
    /// Who holds it ("alice", "night shift"): recorded on every action taken with it.
    package var name: String
    package var createdAt: Date
    package var revokedAt: Date?

    package init(tokenHash: String, companyId: String, name: String, createdAt: Date, revokedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.companyId = companyId
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    package var isRevoked: Bool { revokedAt != nil }

    /// Longest token name (it is copied into every operator turn and action).
    package static let maxNameLength = 64
}

/// Who acts through the operator API: the company a valid token belongs to, and its name.
package struct OperatorIdentity: Sendable, Hashable {
    package var companyId: String
    package var name: String

    package init(companyId: String, name: String) {
        self.companyId = companyId
        self.name = name
    }
}
