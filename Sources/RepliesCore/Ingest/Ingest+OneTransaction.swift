import Foundation

extension Ingest {
    /// The whole webhook in one transaction of the backend (``IngestCommits``): the same decisions
    /// as ``store(candidates:channel:messageSid:tenant:verifyOwnSecret:makeFragment:)``, made with
    /// what the transaction reads. Nil when the chosen conversation's own secret must be checked
    /// first: nothing was written, and the step-by-step path takes over.
    func lookUpAndStage(
        _ commits: any IngestCommits, channel: Channel, companyNumber: String, userNumber: String, messageSid: String,
        tenant: SigningKeys.Tenant, makeFragment: @escaping @Sendable (Conversation, Date) -> Fragment
    ) async -> IngestOutcome? {
        let now = ports.clock.now()
        let delay = settings.batchWindow(for: channel)
        // Millisecond precision, as every stage stores it: ordering must not differ by backend.
        let receivedAt = Timestamp.date(epochMilliseconds: Timestamp.epochMilliseconds(now))
        let readsCompanies = ports.companies != nil
        let result: IngestPlanResult
        do {
            result = try await commits.lookUpAndStage(
                channel: channel, companyNumber: companyNumber, userNumber: userNumber, now: now, delay: delay,
                lockExpiresAt: scheduler.lockExpiry(now: now, delay: delay)
            ) { candidates, reads in
                let conversation: Conversation
                switch Self.choose(candidates, channel: channel, tenant: tenant) {
                case .answer(let outcome): return .answer(outcome)
                case .verify: return .verifyOwnSecret
                case .chosen(let chosen): conversation = chosen
                }
                var company: Record?
                if readsCompanies, let companyId = conversation.companyId, let projectId = conversation.projectId {
                    do {
                        company = try reads.company(companyId: companyId, projectId: projectId)
                    } catch {
                        companyDirectoryFailed(error)
                    }
                }
                if let refusal = Self.refusal(for: conversation, channel: channel, company: company) { return .answer(.rejected(refusal)) }
                let others = Self.others(than: conversation, in: candidates)
                if !others.isEmpty {
                    do {
                        if try reads.contains(messageSid: messageSid, conversationIds: others) { return .answer(.duplicate) }
                    } catch {
                        return .answer(.unavailable("checking earlier conversations for this message failed: \(error)"))
                    }
                }
                return .stage(makeFragment(conversation, receivedAt), conversation.key)
            }
        } catch {
            return .unavailable("looking up, staging or scheduling failed: \(error)")
        }
        switch result {
        case .staged(let staged): return staged == .alreadyDone ? .duplicate : .accepted
        case .answered(let outcome): return outcome
        case .verifyOwnSecret: return nil
        }
    }
}
