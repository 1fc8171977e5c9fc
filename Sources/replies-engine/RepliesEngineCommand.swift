import ArgumentParser
import Foundation
import RepliesConfiguration

/// Entry point: as `bootstrap` on Lambda (no arguments, `AWS_LAMBDA_RUNTIME_API` set) it serves
/// the Runtime API; otherwise it is the command-line tool.
@main
enum Main {
    /// Synchronous on purpose: an `async` main ends in `dispatch_main()`, which calls
    /// `pthread_exit` on the main thread, and in the static Lambda `bootstrap` that first unwind
    /// makes libgcc sort every frame-description entry of the 84 MB binary — tens of milliseconds
    /// of one core's CPU, spent exactly while the cold start runs on the other threads (seen with
    /// `perf` over cold starts; bench/NOTES.md). The main thread waits for the work instead.
    /// Nothing in the engine runs on the main actor or the main queue, which the blocked main
    /// thread no longer serves (hence a detached task: `main` itself is on the main actor).
    static func main() {
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await run()
            finished.signal()
        }
        finished.wait()
    }

    private static func run() async {
        let environment = ProcessInfo.processInfo.environment
        if CommandLine.arguments.count == 1, environment["AWS_LAMBDA_RUNTIME_API"] != nil {
            do {
                try await LambdaEntry.run(environment: environment)
            } catch {
                FileHandle.standardError.write(Data("replies-engine: \(error)\n".utf8))
                exit(1)
            }
        } else {
            await RepliesEngineCommand.main()
        }
    }
}

struct RepliesEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replies-engine",
        abstract: "Answers people who reply to a company's WhatsApp/SMS messages, with an LLM, exactly once.",
        discussion: """
            Configuration comes from the environment and an optional JSON file (--config); every key is in \
            docs/CONFIGURATION.md or `replies-engine config reference`. Backends: embedded (default, SQLite \
            under REPLIES_DATA_DIR) or aws.
            """,
        version: EngineVersion.current,
        subcommands: [
            ServeCommand.self, SeedCommand.self, InspectCommand.self, SimulateCommand.self, DemoCommand.self,
            HandoffsCommand.self, DeadLettersCommand.self, OperatorTokenCommand.self, SetupAWSCommand.self, LambdaCommand.self, ConfigCommand.self,
        ]
    )
}

/// Options every command that reads configuration shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "A JSON file of configuration keys (the environment wins; default: REPLIES_CONFIG_FILE).")
    var config: String?

    /// The environment plus the config file, checked: unknown file keys and invalid values stop here.
    func values() async throws(ConfigurationError) -> ConfigurationValues {
        try await ConfigurationValues.load(environment: ProcessInfo.processInfo.environment, file: config)
    }

    /// The validated engine configuration.
    func engineConfiguration() async throws(ConfigurationError) -> EngineConfiguration {
        try EngineConfiguration(try await values())
    }
}
