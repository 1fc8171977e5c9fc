/// The set of ports one engine instance runs on; each backend (in-memory, embedded, AWS)
/// provides the storage ones, the adapters the rest.
package struct EnginePorts: Sendable {
    package var conversations: any ConversationStore
    package var stage: any FragmentStage
    package var locks: any TriggerLocks
    package var queue: any TriggerQueue
    package var secrets: any SecretSource
    package var model: any ReplyModel
    package var sender: any MessageSender
    package var handoff: any HandoffNotifier
    package var verifier: any SignatureVerifier
    package var companies: (any CompanyDirectory)?
    package var budgets: any ReplyBudgetCounters
    package var clock: any WallClock

    package init(
        conversations: any ConversationStore, stage: any FragmentStage, locks: any TriggerLocks,
        queue: any TriggerQueue, secrets: any SecretSource, model: any ReplyModel,
        sender: any MessageSender, handoff: any HandoffNotifier, verifier: any SignatureVerifier,
        budgets: any ReplyBudgetCounters, companies: (any CompanyDirectory)? = nil, clock: any WallClock = SystemClock()
    ) {
        self.conversations = conversations
        self.stage = stage
        self.locks = locks
        self.queue = queue
        self.secrets = secrets
        self.model = model
        self.sender = sender
        self.handoff = handoff
        self.verifier = verifier
        self.companies = companies
        self.budgets = budgets
        self.clock = clock
    }
}
