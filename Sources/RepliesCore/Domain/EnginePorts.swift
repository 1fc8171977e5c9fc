/// The set of ports one engine instance runs on; each backend (in-memory, embedded, AWS)
/// provides the storage ones, the adapters the rest.
public struct EnginePorts: Sendable {
    public var conversations: any ConversationStore
    public var stage: any FragmentStage
    public var locks: any TriggerLocks
    public var queue: any TriggerQueue
    public var secrets: any SecretSource
    public var model: any ReplyModel
    public var sender: any MessageSender
    public var handoff: any HandoffNotifier
    public var verifier: any SignatureVerifier
    public var companies: (any CompanyDirectory)?
    public var clock: any WallClock

    public init(
        conversations: any ConversationStore, stage: any FragmentStage, locks: any TriggerLocks,
        queue: any TriggerQueue, secrets: any SecretSource, model: any ReplyModel,
        sender: any MessageSender, handoff: any HandoffNotifier, verifier: any SignatureVerifier,
        companies: (any CompanyDirectory)? = nil, clock: any WallClock = SystemClock()
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
        self.clock = clock
    }
}
