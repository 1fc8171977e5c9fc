/// Writes `seed`'s data into a backend: companies, conversation records and secrets, never
/// replacing a conversation that has engine history (``EngineHistory``) unless
/// `replacingHistory` is true. Not used by the engine's flows.
///
/// All-or-nothing where the backend allows it: the embedded backend writes every record in one
/// transaction (and swaps the secrets file in only after it committed); in memory it is one
/// step; DynamoDB has no transaction for this, so it reads and checks everything before the
/// first write, guards each conversation write against an engine write since the check, and on
/// a failure midway throws ``SeedWriteError/interrupted(written:failedAt:reason:notWritten:)``
/// saying exactly what was written.
///
/// ```swift
/// let report = try await writer.write(document.prepared, replacingHistory: force)
/// ```
package protocol SeedWriter: Sendable {
    func write(_ data: SeedData, replacingHistory: Bool) async throws -> SeedReport
}

/// What one seed wrote.
package struct SeedReport: Sendable, Hashable {
    package enum Change: Sendable, Hashable {
        case created
        /// Replaced a record without engine history.
        case replaced
        /// Replaced a record whose engine history (as listed) is gone (only when forced).
        case replacedHistory([String])
    }

    package var conversations: [ConversationKey: Change] = [:]
    package var companies = 0
    package var secrets = 0

    package init(conversations: [ConversationKey: Change] = [:], companies: Int = 0, secrets: Int = 0) {
        self.conversations = conversations
        self.companies = companies
        self.secrets = secrets
    }

    /// Decides the change for one record from the stored one: throws nothing, the caller
    /// refuses histories it may not replace.
    package static func change(existing: Record?, incoming: Record) -> Change {
        guard let existing else { return .created }
        let losses = EngineHistory.losses(existing: existing, incoming: incoming)
        return losses.isEmpty ? .replaced : .replacedHistory(losses)
    }
}

/// A conversation `seed` may not replace without `--force`, and what would be lost.
package struct SeedConflict: Sendable, Hashable {
    package var key: ConversationKey
    package var losses: [String]

    package init(key: ConversationKey, losses: [String]) {
        self.key = key
        self.losses = losses
    }
}

/// Why a seed wrote nothing, or stopped midway.
package enum SeedWriteError: Error, Hashable, CustomStringConvertible {
    /// Conversations with engine history would be replaced; nothing was written.
    case history([SeedConflict])
    /// The backend failed; nothing was written (the transaction rolled back).
    case failed(reason: String)
    /// A write failed midway (backends without a transaction): `written` lists, in order, what
    /// was written before (`secret NAME`, `company C/P`, `conversation ID`), `notWritten` how
    /// many items were not attempted.
    case interrupted(written: [String], failedAt: String, reason: String, notWritten: Int)

    package var description: String {
        switch self {
        case .history(let conflicts):
            "\(conflicts.count) conversation\(conflicts.count == 1 ? " has" : "s have") engine history that seeding would replace; nothing was written"
        case .failed(let reason):
            "seeding failed and nothing was written: \(reason)"
        case .interrupted(let written, let failedAt, let reason, let notWritten):
            "seeding stopped at \(failedAt): \(reason). Written before it (\(written.count)): \(written.isEmpty ? "nothing" : written.joined(separator: ", ")); not attempted: \(notWritten). Fix the cause and run seed again (records without engine history are simply replaced)"
        }
    }
}
