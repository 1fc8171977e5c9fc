import Foundation
import Logging

/// The cost guards of the reply path: reply budgets (spent before the model is called) and the
/// live company record they and the reply length read.
extension BatchRun {
    /// The company's CompanyDataTable record, when a directory is configured; a failing read
    /// only loses the company's own limits for this batch (the engine's budgets still apply).
    func companyRecord() async -> Record? {
        guard let directory = ports.companies, let companyId = conversation.companyId, let projectId = conversation.projectId else {
            return nil
        }
        do {
            return try await directory.company(companyId: companyId, projectId: projectId)
        } catch {
            logger.warning("company directory unavailable; its rate_limits are not applied to this batch", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Counts this model call against every budget; the first budget already spent is returned
    /// (budgets counted before it keep the unit: over-counting errs on the side of cost).
    func spendBudgets(company: Record?) async throws -> ReplyBudget? {
        let current = now
        let budgets = ReplyBudget.applicable(to: conversation, company: company, settings: settings)
        let spent = try await ports.budgets.consume(inOrder: budgets.map {
            BudgetCount(counter: $0.counter(at: current), limit: $0.limit, expiresAt: $0.windowEnd(at: current))
        })
        return spent.map { budgets[$0] }
    }

    /// Until when replies are paused because a budget was spent (a human was told then).
    var budgetPausedUntil: Date? {
        conversation.record.string(ConversationAttribute.replyBudgetPausedUntil).flatMap(Timestamp.parse).flatMap { $0 > now ? $0 : nil }
    }

    /// A spent budget: tell a human once, record the user turn, answer nothing until the window ends.
    func recordOverBudget(_ budget: ReplyBudget, optIn: Bool) async throws -> BatchOutcome {
        let until = budget.windowEnd(at: now)
        logger.notice("reply budget spent; a human is told and replies pause", metadata: [
            "conversation": "\(key)", "budget": "\(budget.name)", "until": "\(Timestamp.format(until))",
        ])
        var extra: Record = [ConversationAttribute.replyBudgetPausedUntil: .string(Timestamp.format(until))]
        if optIn { extra[ConversationAttribute.optedOut] = .bool(false) }
        return try await recordWithoutReply(
            status: ConversationStatus.handedOff, outcome: .handedOff, notice: .replyBudgetExceeded,
            detail: "\(budget) spent until \(Timestamp.format(until))", extra: extra)
    }

    /// A batch while replies are paused: recorded, not answered, and no second notice.
    func recordWhilePaused(optIn: Bool) async throws -> BatchOutcome {
        try await recordWithoutReply(
            status: ConversationStatus.handedOff, outcome: .handedOff, notice: nil, detail: nil,
            extra: optIn ? [ConversationAttribute.optedOut: .bool(false)] : [:])
    }

    /// After a batch that left fragments waiting (``EngineSettings/maxFragmentsPerBatch``), the
    /// next batch is scheduled at once: the lock was released before reading, so no trigger
    /// would come for them until the sweeper.
    func scheduleWaiting(after outcome: BatchOutcome) async -> BatchOutcome {
        guard waiting > 0, case .done = outcome else { return outcome }
        do {
            try await scheduler.schedule(key, channel: channel, delay: .zero)
        } catch {
            // The sweeper re-schedules pending fragments; nothing is lost.
            logger.warning("scheduling the waiting fragments failed; the sweeper will", metadata: ["conversation": "\(key)", "error": "\(error)"])
        }
        return outcome
    }
}
