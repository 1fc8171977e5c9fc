import ArgumentParser
import Foundation
import RepliesConfiguration
import RepliesCore

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load companies, conversations and secrets from a JSON file into the configured backend, all or nothing.",
        discussion: """
            The file is {"companies": [...], "conversations": [...], "secrets": {"name": {...}}} with records shaped \
            exactly like the template sender's (docs/examples/seed.json is a complete, commented example; "_comment" \
            keys are allowed anywhere and are not stored). Every problem is reported with the record and the field, \
            and any error stops the seed before anything is written. A conversation the engine has already worked on \
            (messages after the template sender's, or attributes only the engine writes) is never replaced unless \
            --force is given.
            """)

    @OptionGroup var common: CommonOptions
    @Flag(help: "Replace conversations even when they have engine history (it is lost); seed lists what it replaced.") var force = false
    @Flag(help: "Only check the file against the configured backend; write nothing.") var check = false
    @Flag(help: ArgumentHelp(
        "Write records that fail the checks anyway, reporting the problems as warnings.",
        discussion: "For data copied from the template sender's table, broken records included. The file's structure, key attributes, duplicates and engine history are still enforced."))
    var lenient = false
    @Argument(help: "The seed file (JSON).") var file: String

    func run() async throws {
        let config = try await common.engineConfiguration()
        let logger = LogSetup.bootstrap(level: config.logLevel, format: config.logFormat)
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read the seed file \(file): no such file, or not readable")
        }
        let document = SeedDocument.parse(bytes)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        do {
            try await seed(document, runtime: runtime)
        } catch {
            try? await runtime.close()
            throw error
        }
        try await runtime.close()
    }

    private func seed(_ document: SeedDocument, runtime: EngineRuntime) async throws {
        let loader = SeedLoader(secrets: runtime.ports.secrets, companies: runtime.ports.companies, writer: runtime.seedWriter)
        let checked = try await loader.check(document)
        let issues = lenient ? checked.map(\.lenient) : checked
        for issue in issues { Console.error("\(issue)") }
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        guard errors == 0 else {
            Console.error("seed: \(Self.count(errors, "error")) and \(Self.count(warnings, "warning")) in \(file); nothing was written")
            throw ExitCode.failure
        }
        if check {
            print("\(file): no errors, \(Self.count(warnings, "warning")); nothing was written (--check)")
            return
        }
        let report: SeedReport
        do {
            report = try await loader.write(document, replacingHistory: force)
        } catch SeedWriteError.history(let conflicts) {
            for conflict in conflicts {
                Console.error("error: \(location(of: conflict.key, in: document)): has engine history: \(conflict.losses.joined(separator: "; "))")
            }
            Console.error("""
                seed: \(Self.count(conflicts.count, "conversation")) in the backend would lose what the engine wrote; nothing was written. \
                Remove \(conflicts.count == 1 ? "it" : "them") from the file, or run seed again with --force to replace \(conflicts.count == 1 ? "it" : "them") anyway.
                """)
            throw ExitCode.failure
        } catch let error as SeedWriteError {
            throw CommandFailure("\(error)")
        }
        print(summary(report, document: document))
    }

    private func summary(_ report: SeedReport, document: SeedDocument) -> String {
        var created = 0, replaced = 0
        var lines: [String] = []
        for entry in document.conversations {
            guard let key = try? Conversation(record: entry.record).key, let change = report.conversations[key] else { continue }
            switch change {
            case .created: created += 1
            case .replaced: replaced += 1
            case .replacedHistory(let losses):
                replaced += 1
                lines.append("replaced \(SeedLocation.conversation(entry.index, entry.record)) and its engine history (--force): \(losses.joined(separator: "; "))")
            }
        }
        lines.insert(
            "seeded \(Self.count(report.conversations.count, "conversation")) (\(created) new, \(replaced) replaced), "
                + "\(Self.count(report.companies, "company", plural: "companies")), \(Self.count(report.secrets, "secret")) from \(file)",
            at: 0)
        return lines.joined(separator: "\n")
    }

    private func location(of key: ConversationKey, in document: SeedDocument) -> SeedLocation {
        let entry = document.conversations.first { (try? Conversation(record: $0.record).key) == key }
        return entry.map { SeedLocation.conversation($0.index, $0.record) } ?? SeedLocation(.conversations, label: "conversation_id \"\(key.conversationId)\"")
    }

    static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(value) \(value == 1 ? noun : plural ?? noun + "s")"
    }
}
