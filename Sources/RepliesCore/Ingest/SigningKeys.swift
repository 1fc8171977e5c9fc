import Foundation
package import Logging

/// Authenticates a webhook (Twilio's, or an e-mail post) from the company number (address) alone, before anything about the (company,
/// user) pair is read, so an unauthenticated caller learns nothing about who is a customer.
///
/// The company number's provider secrets are the `channel_config.<channel>_credentials_id` of
/// the conversations on its lookup index (``ConversationStore/credentialsReferences(channel:companyNumber:limit:)``),
/// cached for ``EngineSettings/signingSecretCacheTTL`` (unknown numbers too, so junk aimed at
/// random numbers costs no lookups). A signature that matches no cached token makes one fresh
/// read of the references and secrets — at most once per ``EngineSettings/signingSecretRefreshInterval``
/// and number — so a rotated auth token is picked up without losing the first message signed
/// with it, while a flood of bad signatures cannot turn into a flood of secret reads.
///
/// ```swift
/// let keys = SigningKeys(ports: ports, settings: settings, logger: logger)
/// switch await keys.authenticate(webhook, companyNumber: "+447700900456", signature: signature) { … }
/// ```
///
/// A class with a lock rather than an actor: every webhook asks it, and the signature check (an
/// HMAC per URL form and secret) then runs on the caller's thread instead of queueing every
/// request through one executor.
package final class SigningKeys: @unchecked Sendable {
    /// A secret whose token validated a webhook.
    package struct Tenant: Sendable, Hashable {
        package var secretName: String
        /// `twilio_account_sid` (Twilio channels).
        package var accountSid: String?
        /// `sendgrid_from_email` (e-mail): one of the company's own addresses.
        package var senderAddress: String?
    }

    package enum Authentication: Sendable, Hashable {
        case authenticated(Tenant)
        case refused(String)
        /// The store or the secret source failed transiently: the caller answers 503.
        case unavailable(String)
    }

    private struct Key: Hashable {
        var channel: Channel
        var number: String
    }

    private struct Entry {
        var tenants: [Credential]
        var loadedAt: Date
    }

    private struct Credential {
        var tenant: Tenant
        var secret: [String: String]
    }

    /// Most distinct secrets tried per company number (real numbers have one).
    static let maxSecretsPerNumber = 3
    /// Bound on cached numbers: a flood of random numbers must not grow memory without limit.
    static let maxEntries = 10_000

    private let conversations: any ConversationStore
    private let secrets: any SecretSource
    private let verifier: any SignatureVerifier
    private let clock: any WallClock
    private let settings: EngineSettings
    private let logger: Logger
    // Guards `entries` and `lastFreshRead`, never held across an await (NSLock, as in the
    // embedded backend's group commit).
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var lastFreshRead: [Key: Date] = [:]

    package init(ports: EnginePorts, settings: EngineSettings, logger: Logger) {
        self.conversations = ports.conversations
        self.secrets = ports.secrets
        self.verifier = ports.verifier
        self.clock = ports.clock
        self.settings = settings
        self.logger = logger
    }

    /// Whether a request is signed with the key in a provider secret (the secret's
    /// ``Channel/signingSecretField`` is present and non-empty when this is called).
    package typealias SignedBy = @Sendable ([String: String]) -> Bool

    /// Finds the tenant whose auth token signed `webhook`.
    package func authenticate(_ webhook: InboundWebhook, companyNumber: String, signature: String) async -> Authentication {
        await authenticate(channel: webhook.channel, companyNumber: companyNumber, isSigned: twilioCheck(webhook, signature))
    }

    /// Finds the tenant whose auth token signed a Twilio request for `url` with `fields` that
    /// is not an inbound message (a status callback): the same keys, cache and refresh rules.
    package func authenticate(
        channel: Channel, companyNumber: String, url: String, fields: [FormField], signature: String
    ) async -> Authentication {
        await authenticate(channel: channel, companyNumber: companyNumber, isSigned: twilioCheck(url: url, fields: fields, signature))
    }

    /// Whether `webhook` is signed with the token in secret `name` (a conversation whose secret
    /// differs from the one that authenticated the request must match its own too).
    package func verify(_ webhook: InboundWebhook, secretName name: String, signature: String) async -> Authentication {
        await verify(channel: webhook.channel, secretName: name, isSigned: twilioCheck(webhook, signature))
    }

    /// Finds the tenant of `companyNumber` (an address for e-mail) whose secret signed the request.
    package func authenticate(channel: Channel, companyNumber: String, isSigned: SignedBy) async -> Authentication {
        let key = Key(channel: channel, number: companyNumber)
        do {
            let now = clock.now()
            var entry = lock.withLock { entries[key] }
            if entry == nil || entry.map({ now >= $0.loadedAt.adding(settings.signingSecretCacheTTL) }) == true {
                entry = try await load(key, fresh: false)
            }
            if let tenant = match(entry?.tenants ?? [], isSigned) { return .authenticated(tenant) }
            // Maybe the key was rotated since it was cached: read again, but rarely.
            let mayReread: Bool = lock.withLock {
                if let last = lastFreshRead[key], now < last.adding(settings.signingSecretRefreshInterval) { return false }
                lastFreshRead[key] = now
                return true
            }
            guard mayReread else { return .refused("the signature does not match (secrets re-read recently)") }
            entry = try await load(key, fresh: true)
            if let tenant = match(entry?.tenants ?? [], isSigned) {
                logger.notice("webhook signature matched only after re-reading the secret (key rotated?)", metadata: [
                    "secret": "\(tenant.secretName)", "company_number": "\(PhoneNumber.mask(companyNumber))",
                ])
                return .authenticated(tenant)
            }
            return .refused("the signature does not match")
        } catch {
            return .unavailable("reading the signing secrets failed: \(error)")
        }
    }

    /// Whether the request is signed with the key in secret `name`.
    package func verify(channel: Channel, secretName name: String, isSigned: SignedBy) async -> Authentication {
        do {
            guard let credential = try await credential(named: name, channel: channel, fresh: false) else {
                return .refused("secret '\(name)' unusable")
            }
            if let tenant = match([credential], isSigned) { return .authenticated(tenant) }
            return .refused("the signature does not match the conversation's secret")
        } catch {
            return .unavailable("reading secret '\(name)' failed: \(error)")
        }
    }

    private func twilioCheck(_ webhook: InboundWebhook, _ signature: String) -> SignedBy {
        twilioCheck(url: webhook.url, fields: webhook.fields, signature)
    }

    private func twilioCheck(url: String, fields: [FormField], _ signature: String) -> SignedBy {
        let verifier = self.verifier
        return { secret in
            verifier.isValid(url: url, fields: fields, signature: signature, authToken: secret["twilio_auth_token"] ?? "")
        }
    }

    private func match(_ credentials: [Credential], _ isSigned: SignedBy) -> Tenant? {
        credentials.first { isSigned($0.secret) }?.tenant
    }

    private func load(_ key: Key, fresh: Bool) async throws -> Entry {
        let names = try await conversations.credentialsReferences(
            channel: key.channel, companyNumber: key.number, limit: Self.maxSecretsPerNumber)
        var credentials: [Credential] = []
        for name in names {
            if let credential = try await credential(named: name, channel: key.channel, fresh: fresh) { credentials.append(credential) }
        }
        let entry = Entry(tenants: credentials, loadedAt: clock.now())
        lock.withLock {
            if entries.count >= Self.maxEntries { evict() }
            entries[key] = entry
        }
        return entry
    }

    /// Nil for a secret that is missing or lacks a token: a tenant's broken configuration must
    /// look like any other refusal from outside, and is logged for the operator instead.
    private func credential(named name: String, channel: Channel, fresh: Bool) async throws -> Credential? {
        let secret: [String: String]
        do {
            secret = fresh ? try await secrets.freshSecret(named: name) : try await secrets.secret(named: name)
        } catch {
            if case .transient = RetryDisposition.of(error) { throw error }
            logger.error("a secret named by channel_config cannot be used", metadata: ["secret": "\(name)", "error": "\(error)"])
            return nil
        }
        guard let key = secret[channel.signingSecretField], !key.isEmpty else {
            logger.error("a secret named by channel_config has no \(channel.signingSecretField)", metadata: ["secret": "\(name)"])
            return nil
        }
        let nonEmpty: (String) -> String? = { secret[$0].flatMap { $0.isEmpty ? nil : $0 } }
        let tenant = Tenant(secretName: name, accountSid: nonEmpty("twilio_account_sid"), senderAddress: nonEmpty("sendgrid_from_email"))
        return Credential(tenant: tenant, secret: secret)
    }

    /// Under `lock`.
    private func evict() {
        let now = clock.now()
        entries = entries.filter { now < $0.value.loadedAt.adding(settings.signingSecretCacheTTL) }
        lastFreshRead = lastFreshRead.filter { now < $0.value.adding(settings.signingSecretRefreshInterval) }
        if entries.count >= Self.maxEntries { entries.removeAll() }
    }
}
