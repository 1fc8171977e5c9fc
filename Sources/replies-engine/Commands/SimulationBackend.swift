import AWSBackend
import Foundation
import Logging
import RepliesConfiguration
import RepliesCore

/// `simulate`'s read-only view of the configured backend: the conversation for the number pair,
/// its Twilio token, whether a MessageSid is staged, and the record after its batch. Opened on
/// first use only, so a server on another machine can be simulated with `--auth-token`.
actor SimulationBackend {
    let config: EngineConfiguration
    let channel: Channel
    let from: String
    let to: String
    private var runtime: EngineRuntime?

    init(config: EngineConfiguration, channel: Channel, from: String, to: String) {
        self.config = config
        self.channel = channel
        self.from = from
        self.to = to
    }

    nonisolated var describe: String {
        switch config.backend {
        case .embedded: "embedded, REPLIES_DATA_DIR=\(config.dataDirectory)"
        case .aws: "aws, CONVERSATIONS_TABLE=\(config.aws?.conversationsTable ?? "?")"
        }
    }

    func open() async throws -> EngineRuntime {
        if let runtime { return runtime }
        let opened = try await EngineRuntime.open(config, logger: Self.quietLogger())
        runtime = opened
        return opened
    }

    /// The conversation ingest would choose for this number pair, nil when there is none.
    func conversation() async throws -> Conversation? {
        guard let user = PhoneNumber(address: from), let company = PhoneNumber(address: to) else { return nil }
        let ports = try await open().ports
        return ConversationSelection.choose(
            try await ports.conversations.findConversations(channel: channel, companyNumber: company.value, userNumber: user.value))
    }

    /// What a webhook of this tenant is signed with and carries.
    struct Credentials: Sendable {
        var authToken: String
        var accountSid: String?
    }

    /// The seeded Twilio secret of the conversation ingest would choose; nil without one.
    func credentials() async throws -> Credentials? {
        guard let conversation = try await conversation(),
              let name = conversation.channelConfig(for: channel).credentialsSecretName
        else { return nil }
        let secret = try await open().ports.secrets.secret(named: name)
        guard let token = secret["twilio_auth_token"] else { return nil }
        return Credentials(authToken: token, accountSid: secret["twilio_account_sid"])
    }

    /// Whether `sid` waits in the stage for its batch.
    func isPending(_ sid: String) async throws -> Bool? {
        guard let conversation = try await conversation() else { return nil }
        return try await open().ports.stage.pendingFragments(conversationId: conversation.key.conversationId)
            .contains { $0.messageSid == sid }
    }

    /// The record, re-read.
    func record(_ key: ConversationKey) async throws -> Conversation? {
        try await open().ports.conversations.conversation(key)
    }

    func close() async {
        try? await runtime?.close()
        runtime = nil
    }

    /// The backend's own logs would only repeat what simulate prints.
    private static func quietLogger() -> Logger {
        var logger = Logger(label: "replies-engine.simulate")
        logger.logLevel = .error
        return logger
    }
}
