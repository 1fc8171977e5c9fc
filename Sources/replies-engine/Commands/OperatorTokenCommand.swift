import ArgumentParser
import Foundation
import Logging
import RepliesConfiguration
import RepliesCore
import RepliesHTTP

/// `operator-token create|list|revoke`: the per-company tokens of the operator API, on the
/// configured backend (embedded: the data directory's database; AWS: the operator tokens table).
struct OperatorTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator-token",
        abstract: "Create, list and revoke operator API tokens (Authorization: Bearer …).",
        subcommands: [Create.self, List.self, Revoke.self])

    /// Runs `body` with the configured backend's token store.
    static func withTokens(_ common: CommonOptions, _ body: (any OperatorTokenStore) async throws -> Void) async throws {
        let config = try await common.engineConfiguration()
        let logger = LogSetup.bootstrap(level: min(config.logLevel, .warning), format: config.logFormat)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        guard let stores = runtime.operatorStores else {
            try? await runtime.close()
            throw CommandFailure("the AWS backend keeps operator tokens in OPERATOR_TABLE; set it (setup-aws creates the table and prints the name)")
        }
        do {
            try await body(stores.tokens)
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token for a company's staff member; prints it once, as the last line. Only its SHA-256 is stored.")

        @OptionGroup var common: CommonOptions
        @Option(help: "The company whose conversations the token sees (company_id).") var companyId: String
        @Option(help: "Who holds it (recorded on every action taken with it), 1-64 characters.") var name: String

        func validate() throws {
            guard !companyId.isEmpty else { throw ValidationError("--company-id must not be empty") }
            guard (1...OperatorToken.maxNameLength).contains(name.count), !name.contains(where: \.isNewline) else {
                throw ValidationError("--name must be 1-\(OperatorToken.maxNameLength) characters on one line")
            }
        }

        func run() async throws {
            try await OperatorTokenCommand.withTokens(common) { tokens in
                let token = OperatorTokenSecret.generate()
                let record = OperatorToken(tokenHash: OperatorTokenSecret.hash(token), companyId: companyId, name: name, createdAt: Date())
                guard try await tokens.create(record) else { throw CommandFailure("a token with the same hash exists; run the command again") }
                print("created operator token \"\(name)\" for company \(companyId); it is shown once, store it now:")
                print(token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves): company, name, created, revoked.")

        @OptionGroup var common: CommonOptions
        @Option(help: "The company whose tokens to list.") var companyId: String

        func run() async throws {
            try await OperatorTokenCommand.withTokens(common) { tokens in
                let found = try await tokens.tokens(companyId: companyId)
                if found.isEmpty { print("no operator tokens") }
                for token in found {
                    let revoked = token.revokedAt.map { "revoked \(Timestamp.format($0))" } ?? "active"
                    print("\(token.companyId)\t\(token.name)\tcreated \(Timestamp.format(token.createdAt))\t\(revoked)\t\(token.tokenHash.prefix(8))")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a company's tokens of this name; they stop working at once.")

        @OptionGroup var common: CommonOptions
        @Option(help: "The token's company.") var companyId: String
        @Option(help: "The token's name.") var name: String

        func run() async throws {
            try await OperatorTokenCommand.withTokens(common) { tokens in
                let count = try await tokens.revoke(companyId: companyId, name: name, at: Date())
                guard count > 0 else { throw CommandFailure("no active token named \"\(name)\" for company \(companyId)") }
                print("revoked \(count) token\(count == 1 ? "" : "s") named \"\(name)\" for company \(companyId)")
            }
        }
    }
}
