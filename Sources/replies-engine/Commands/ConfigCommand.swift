import ArgumentParser
import Foundation
import RepliesConfiguration

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the effective configuration, or print the reference of every key.",
        subcommands: [Show.self, Reference.self], defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration and print every key's effective value and source (secrets masked).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let values = try await common.values()
            _ = try EngineConfiguration(values)
            for setting in values.effective() where setting.source != .default || !setting.value.isEmpty {
                print("\(setting.name)=\(setting.value)  (\(setting.source.rawValue))")
            }
        }
    }

    struct Reference: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print docs/CONFIGURATION.md: every key with its default, allowed values and meaning.")

        func run() async throws {
            print(ConfigurationReference.markdown(), terminator: "")
        }
    }
}
