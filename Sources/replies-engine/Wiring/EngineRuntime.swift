import AWSBackend
import AsyncHTTPClient
import EmbeddedBackend
import Foundation
import Logging
import OpenAIResponses
import RepliesConfiguration
import RepliesCore
import SendGrid
import Twilio

/// The engine's ports for one configuration, opened once per process.
///
/// ```swift
/// let runtime = try await EngineRuntime.open(config, logger: logger)
/// defer { Task { try? await runtime.close() } }
/// ```
struct EngineRuntime: Sendable {
    var ports: EnginePorts
    var triggers: any TriggerSource
    /// `seed`'s all-or-nothing writer for this backend.
    var seedWriter: any SeedWriter
    /// The embedded backend itself (nil on AWS), for what only it has: handoff notices and dead
    /// letters kept in its file.
    var embedded: EmbeddedBackend?
    /// Periodic housekeeping of the backend (the embedded purge), run by `serve` every
    /// ``maintenanceInterval``; nil when the backend needs none.
    var maintenance: (@Sendable () async -> Void)? = nil
    var maintenanceInterval: Duration = EmbeddedBackend.purgeInterval
    /// The operator API's stores (tokens, sends, inbox); nil where the backend has none yet.
    var operatorStores: OperatorStores?
    var close: @Sendable () async throws -> Void

    /// - Parameter serving: true for the process that serves (`serve`, `demo`): on the embedded
    ///   backend it takes the data directory's lock, refusing a second server, and takes over
    ///   what a crashed predecessor left in flight.
    /// - Parameter oneRequestAtATime: true on Lambda (one invocation at a time per process): the
    ///   embedded backend then reads on its writer's connection and opens no other.
    static func open(
        _ config: EngineConfiguration, logger: Logger, serving: Bool = false, oneRequestAtATime: Bool = false,
        model: (any ReplyModel)? = nil, sender: (any MessageSender)? = nil
    ) async throws -> EngineRuntime {
        #if DEBUG
        // Fault injection for the crash-point tests (CrashPoints.swift); absent from release builds.
        let crashPoint = try CrashPoint.armed(in: config.values)
        var runtime = try await openPorts(config, logger: logger, serving: serving, oneRequestAtATime: oneRequestAtATime, model: model, sender: sender)
        try MediaWiring.attach(to: &runtime.ports, config: config, logger: logger)
        if let crashPoint { runtime.ports = crashPoint.wrap(runtime.ports, logger: logger) }
        return runtime
        #else
        var runtime = try await openPorts(config, logger: logger, serving: serving, oneRequestAtATime: oneRequestAtATime, model: model, sender: sender)
        try MediaWiring.attach(to: &runtime.ports, config: config, logger: logger)
        return runtime
        #endif
    }

    private static func openPorts(
        _ config: EngineConfiguration, logger: Logger, serving: Bool, oneRequestAtATime: Bool, model: (any ReplyModel)?,
        sender: (any MessageSender)?
    ) async throws -> EngineRuntime {
        func replyModel(safetyKey: [UInt8]?) throws -> any ReplyModel {
            switch (model, config.model) {
            case (let given?, _): return given
            case (nil, .openai):
                return try OpenAIResponsesClient(
                    httpClient: HTTPClient.shared, baseURL: config.openAIBaseURL,
                    configuration: OpenAIResponsesConfiguration(
                        maxRetries: config.openAIMaxRetries, requestTimeout: config.openAITimeout, maxOutputTokens: config.openAIMaxOutputTokens,
                        safetyIdentifierKey: safetyKey.map(SafetyIdentifierKey.init(secret:))),
                    logger: logger)
            case (nil, .offline): return OfflineReplyModel()
            }
        }
        let configuredKey = config.safetyIdentifierKey.map { Array($0.utf8) }
        let console = ConsoleSender()
        let messageSender: any MessageSender = sender ?? {
            switch config.sender {
            case .twilio: TwilioMessagesClient(httpClient: HTTPClient.shared, baseURL: config.twilioBaseURL, logger: logger)
            case .console: console
            }
        }()
        let emailSender: any EmailSender = switch config.sender {
        case .twilio: MailSendClient(httpClient: HTTPClient.shared, baseURL: config.sendGridBaseURL, logger: logger)
        case .console: console
        }
        switch config.backend {
        case .embedded:
            let backend = try await EmbeddedBackend.open(
                directory: config.dataDirectory, exclusive: serving, maxQueuedWrites: config.serveLimits.maxQueuedWrites,
                oneRequestAtATime: oneRequestAtATime, logger: logger)
            let safetyKey = try configuredKey ?? SafetyKeyFile.loadOrCreate(directory: config.dataDirectory)
            var ports = EnginePorts(
                conversations: backend.conversations, archive: backend.archive, stage: backend.stage, locks: backend.locks,
                queue: backend.queue, secrets: backend.secrets, model: try replyModel(safetyKey: safetyKey), sender: messageSender,
                handoff: backend.handoff, verifier: TwilioSignature(), budgets: backend.budgets, companies: backend.companies,
                emailSender: emailSender, inbox: backend.operatorInbox)
            ports.batchCommits = backend.batchCommits
            ports.ingestCommits = backend.batchCommits
            return EngineRuntime(
                ports: ports, triggers: backend.queue, seedWriter: backend.seedWriter, embedded: backend,
                maintenance: { await backend.purgeExpiredLoggingFailures() },
                operatorStores: OperatorStores(tokens: backend.operatorTokens, sends: backend.operatorSends, inbox: backend.operatorInbox),
                close: { try await backend.close() })
        case .aws:
            guard let configuration = config.aws else {
                throw ConfigurationError.missing(key: EngineKeys().backend.name, hint: "the AWS settings were not resolved")
            }
            let aws = AWSBackendPorts(configuration: configuration, logger: logger)
            if configuredKey == nil, config.model == .openai {
                logger.warning("OPENAI_SAFETY_IDENTIFIER_KEY is not set: no safety_identifier is sent to OpenAI")
            }
            var ports = aws.enginePorts(model: try replyModel(safetyKey: configuredKey), sender: messageSender, verifier: TwilioSignature())
            ports.emailSender = emailSender
            var stores: OperatorStores?
            if let tokens = aws.operatorTokens, let sends = aws.operatorSends, let inbox = aws.operatorInbox {
                stores = OperatorStores(tokens: tokens, sends: sends, inbox: inbox)
            }
            return EngineRuntime(
                ports: ports,
                triggers: aws.triggers, seedWriter: DynamoDBSeedWriter(ports: aws), embedded: nil, operatorStores: stores, close: {})
        }
    }
}

/// The stores behind the operator API on one backend.
struct OperatorStores: Sendable {
    var tokens: any OperatorTokenStore
    var sends: any OperatorSendLog
    var inbox: any OperatorInbox
}
