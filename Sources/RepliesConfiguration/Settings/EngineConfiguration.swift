package import AWSBackend
import Foundation
package import Logging
package import RepliesCore

/// The validated settings every command and Lambda start from. Built once at start: a missing
/// or invalid key stops the process with a message naming it (all invalid keys at once).
///
/// ```swift
/// let values = try await ConfigurationValues.load(environment: ProcessInfo.processInfo.environment, file: options.config)
/// let config = try EngineConfiguration(values)
/// ```
package struct EngineConfiguration: Sendable {
    package var backend: Backend
    package var dataDirectory: String
    package var publicBaseURL: String?
    package var settings: EngineSettings
    package var openAIBaseURL: String
    package var openAITimeout: Duration
    /// `OPENAI_MAX_RETRIES`
    package var openAIMaxRetries: Int
    /// `FUNCTION_TIMEOUT_SECONDS`: the Lambda function's timeout, when the template passes it.
    package var functionTimeout: Duration?
    /// `OPENAI_MAX_OUTPUT_TOKENS`
    package var openAIMaxOutputTokens: Int
    /// `OPENAI_SAFETY_IDENTIFIER_KEY` (secret); nil: embedded generates one, AWS sends no identifier.
    package var safetyIdentifierKey: String?
    package var model: ModelKind
    package var sender: SenderKind
    package var twilioBaseURL: String
    package var sendGridBaseURL: String
    package var workerConcurrency: Int
    /// `serve`'s HTTP limits (`SERVE_*`, `SQLITE_MAX_QUEUED_WRITES`).
    package var serveLimits: ServeLimits
    /// `QUEUE_VISIBILITY_TIMEOUT_SECONDS` when set; each shape has its own default.
    package var queueVisibilitySetting: Duration?
    package var logLevel: Logger.Level
    /// `LOG_FORMAT`
    package var logFormat: LogFormat
    /// `METRICS_HOST`/`METRICS_PORT`: the separate `/metrics` listener of `serve`; nil: the main port serves it.
    package var metricsListener: (host: String, port: Int)?
    /// Debug only: webhook answers carry what ingest decided (`X-Replies-Outcome`), for `simulate`.
    package var debugOutcomeHeader: Bool
    /// `MEDIA_ENABLED`: the worker downloads and transcribes inbound media.
    package var mediaEnabled: Bool
    /// `TYPING_INDICATOR_ENABLED` and `TWILIO_MESSAGING_BASE_URL`: WhatsApp's typing indicator.
    package var typingIndicatorEnabled: Bool
    package var twilioMessagingBaseURL: String
    /// The AWS backend's settings, resolved and checked at start when `backend == .aws`.
    package var aws: AWSBackendConfiguration?
    /// Everything that was read, for the keys of single commands (demo, simulate, debug).
    package var values: ConfigurationValues

    /// Default trigger visibility of `serve` (the Lambda worker uses the template queues' own).
    package static let serveQueueVisibility: Duration = .seconds(120)

    package init(_ values: ConfigurationValues) throws(ConfigurationError) {
        try values.validate([EngineKeys.self, ObservabilityKeys.self, BatchKeys.self, GuardKeys.self, ModelKeys.self, MediaKeys.self, SenderKeys.self, ServeKeys.self])
        let engine = EngineKeys(), batch = BatchKeys(), guards = GuardKeys(), model = ModelKeys(), sender = SenderKeys()
        self.values = values
        backend = try values.value(engine.backend)
        dataDirectory = try values.value(engine.dataDirectory)
        publicBaseURL = try values.optional(engine.publicBaseURL)
        workerConcurrency = try values.value(engine.workerConcurrency)
        let serve = ServeKeys()
        serveLimits = ServeLimits(
            requestTimeout: try values.value(serve.requestTimeout), idleTimeout: try values.value(serve.idleTimeout),
            maxConnections: try values.value(serve.maxConnections), maxConcurrentRequests: try values.value(serve.maxConcurrentRequests),
            maxQueuedWrites: try values.value(serve.maxQueuedWrites))
        queueVisibilitySetting = try values.optional(engine.queueVisibility)
        logLevel = try values.value(engine.logLevel)
        let observability = ObservabilityKeys()
        logFormat = try values.value(observability.logFormat)
        if let port = try values.optional(observability.metricsPort) {
            metricsListener = (try values.value(observability.metricsHost), port)
        } else {
            metricsListener = nil
        }
        debugOutcomeHeader = try values.value(engine.debugOutcomeHeader)
        var settings = EngineSettings()
        settings.batchWindow = try values.value(batch.window)
        settings.emailBatchWindow = try values.value(batch.emailWindow)
        settings.quietPeriod = try values.value(batch.quiet)
        settings.maxBatchWait = try values.value(batch.maxWait)
        settings.leaseDuration = try values.value(batch.lease)
        settings.maxAttempts = try values.value(batch.maxAttempts)
        settings.historyMaxCharacters = try values.value(batch.historyMaxCharacters)
        settings.recordTailMaxBytes = try values.value(batch.historyTailMaxBytes)
        settings.sweepMaxAttempts = try values.value(batch.sweepMaxAttempts)
        settings.defaultModel = try values.value(model.model)
        settings.maxInboundMessageCharacters = try values.value(guards.maxInboundMessage)
        settings.maxUserTurnCharacters = try values.value(guards.maxUserTurn)
        settings.maxFragmentsPerBatch = try values.value(guards.maxFragments)
        settings.maxReplyParts = try values.value(guards.maxReplyParts)
        settings.budgets.conversationPerHour = try values.value(guards.conversationPerHour)
        settings.budgets.conversationPerDay = try values.value(guards.conversationPerDay)
        settings.budgets.companyPerHour = try values.value(guards.companyPerHour)
        settings.budgets.companyPerDay = try values.value(guards.companyPerDay)
        settings.signingSecretRefreshInterval = try values.value(guards.signingRefresh)
        let media = MediaKeys()
        settings.media.maxItemsPerBatch = try values.value(media.maxItems)
        settings.media.maxBytesPerBatch = try values.value(media.maxBytes)
        settings.media.maxItemBytes = try values.value(media.maxItemBytes)
        settings.media.downloadTimeout = try values.value(media.downloadTimeout)
        settings.media.maxAudioSecondsPerBatch = try values.value(media.maxAudioSeconds)
        settings.media.transcriptionModel = try values.value(media.transcriptionModel)
        mediaEnabled = try values.value(media.enabled)
        typingIndicatorEnabled = try values.value(media.typingIndicator)
        twilioMessagingBaseURL = try values.value(media.messagingBaseURL)
        settings.consoleURL = publicBaseURL.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/console" }
        settings.statusCallbackURL = publicBaseURL.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + StatusCallbackTarget.path }
        self.settings = settings
        openAIMaxOutputTokens = try values.value(model.maxOutputTokens)
        safetyIdentifierKey = try values.optional(model.safetyIdentifierKey)
        if let key = safetyIdentifierKey, key.utf8.count < 16 {
            throw .invalid(key: model.safetyIdentifierKey.name, value: "(secret, \(key.utf8.count) bytes)", expected: "a secret of at least 16 bytes")
        }
        self.model = try values.value(model.kind)
        openAIBaseURL = try values.value(model.baseURL)
        openAITimeout = try values.value(model.timeout)
        openAIMaxRetries = try values.value(model.maxRetries)
        functionTimeout = try values.optional(engine.functionTimeout)
        self.sender = try values.value(sender.kind)
        twilioBaseURL = try values.value(sender.twilioBaseURL)
        sendGridBaseURL = try values.value(sender.sendGridBaseURL)
        aws = backend == .aws ? try AWSBackendConfiguration(values) : nil
    }

    /// Environment only (tests, and callers with no config file).
    package init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(ConfigurationValues(environment: environment))
    }

    /// How long a trigger `serve` received stays hidden.
    package var queueVisibility: Duration { queueVisibilitySetting ?? Self.serveQueueVisibility }

    /// The public URL Twilio posts to; `http://host:port` when not configured.
    package func publicBaseURL(defaultHost host: String, port: Int) -> String {
        publicBaseURL ?? "http://\(host):\(port)"
    }

    /// `PUBLIC_BASE_URL`, required where no default can be right (Lambda).
    package func requiredPublicBaseURL(_ why: String) throws(ConfigurationError) -> String {
        guard let publicBaseURL else { throw .missing(key: EngineKeys().publicBaseURL.name, hint: why) }
        return publicBaseURL
    }
}
