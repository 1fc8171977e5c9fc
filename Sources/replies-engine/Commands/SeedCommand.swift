import ArgumentParser
import Foundation
import RepliesConfiguration
import RepliesCore

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load companies, conversations and secrets from a JSON file into the configured backend.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "JSON file: {\"companies\": [...], \"conversations\": [...], \"secrets\": {name: {...}}}") var file: String

    func run() async throws {
        let config = try await common.engineConfiguration()
        let logger = LogSetup.bootstrap(level: config.logLevel, format: config.logFormat)
        let seed = try SeedFile.read(file)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        do {
            try await Self.load(seed, into: runtime)
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
        print("seeded \(seed.companies.count) companies, \(seed.conversations.count) conversations, \(seed.secrets.count) secrets")
    }

    static func load(_ seed: SeedFile, into runtime: EngineRuntime) async throws {
        if !seed.companies.isEmpty {
            guard let companies = runtime.ports.companies else {
                throw CommandFailure("this backend has no company directory configured; remove \"companies\" or configure one")
            }
            for company in seed.companies { try await companies.put(company) }
        }
        for record in seed.conversations {
            try await runtime.ports.conversations.put(SeedFile.withIndexAttributes(record))
        }
        for (name, value) in seed.secrets.sorted(by: { $0.key < $1.key }) {
            try await runtime.secretWriter.putSecret(name: name, value: value)
        }
    }
}
