/// The set of ports one engine instance runs on; each backend (in-memory, embedded, AWS)
/// provides the storage ones, the adapters the rest.
package struct EnginePorts: Sendable {
    package var conversations: any ConversationStore
    /// The history table: turns moved out of the conversation records.
    package var archive: any TurnArchive
    package var stage: any FragmentStage
    package var locks: any TriggerLocks
    package var queue: any TriggerQueue
    package var secrets: any SecretSource
    package var model: any ReplyModel
    package var sender: any MessageSender
    /// The e-mail channel's sender; nil where e-mail is not wired (its batches then fail as
    /// misconfigured and a human is told).
    package var emailSender: (any EmailSender)?
    package var handoff: any HandoffNotifier
    package var verifier: any SignatureVerifier
    package var companies: (any CompanyDirectory)?
    package var budgets: any ReplyBudgetCounters
    package var clock: any WallClock
    /// Inbound media download (Twilio) and voice-note transcription (OpenAI); without them media
    /// is described to the model, never processed. Set after `init` by the wiring.
    package var media: (any MediaDownloader)? = nil
    package var transcriber: (any Transcriber)? = nil
    /// WhatsApp's typing indicator; nil: none is shown.
    package var typing: (any TypingIndicator)? = nil
    /// The operator inbox, kept up to date when a batch hands a conversation to a human; nil
    /// where the operator API is not wired (tests of other flows).
    package var inbox: (any OperatorInbox)?
    /// Batch steps committed together where the stores share one database; nil: one by one.
    package var batchCommits: (any BatchCommits)? = nil
    /// A webhook's stage, lock and trigger in one commit where they share one database; nil: one by one.
    package var ingestCommits: (any IngestCommits)? = nil

    package init(
        conversations: any ConversationStore, archive: any TurnArchive, stage: any FragmentStage, locks: any TriggerLocks,
        queue: any TriggerQueue, secrets: any SecretSource, model: any ReplyModel,
        sender: any MessageSender, handoff: any HandoffNotifier, verifier: any SignatureVerifier,
        budgets: any ReplyBudgetCounters, companies: (any CompanyDirectory)? = nil, clock: any WallClock = SystemClock(),
        emailSender: (any EmailSender)? = nil, inbox: (any OperatorInbox)? = nil
    ) {
        self.inbox = inbox
        self.conversations = conversations
        self.archive = archive
        self.stage = stage
        self.locks = locks
        self.queue = queue
        self.secrets = secrets
        self.model = model
        self.sender = sender
        self.emailSender = emailSender
        self.handoff = handoff
        self.verifier = verifier
        self.companies = companies
        self.budgets = budgets
        self.clock = clock
    }
}
