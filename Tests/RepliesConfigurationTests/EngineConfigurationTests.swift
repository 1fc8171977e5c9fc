import Foundation
import Logging
import RepliesConfiguration
import RepliesCore
import Testing

@Suite("Engine configuration: typed, validated once, errors name the key")
struct EngineConfigurationTests {
    @Test("defaults when nothing is set")
    func defaults() throws {
        let config = try EngineConfiguration(environment: [:])
        #expect(config.backend == .embedded && config.model == .openai && config.sender == .twilio)
        #expect(config.dataDirectory == "./.replies-data")
        #expect(config.publicBaseURL == nil && config.aws == nil)
        #expect(config.settings == EngineSettings())
        #expect(config.openAIBaseURL == "https://api.openai.com/v1" && config.openAITimeout == .seconds(60))
        #expect(config.workerConcurrency == 4 && config.queueVisibility == .seconds(120) && config.queueVisibilitySetting == nil)
        #expect(config.logLevel == .info)
    }

    @Test("values are typed; blank counts as unset; URLs lose a trailing slash")
    func typedValues() throws {
        let config = try EngineConfiguration(environment: [
            "BATCH_WINDOW_SECONDS": "2.5", "MAX_ATTEMPTS": "7", "REPLIES_MODEL": "OFFLINE", "LOG_LEVEL": "debug",
            "PUBLIC_BASE_URL": "https://hooks.example.com/", "OPENAI_MODEL": "  ", "QUEUE_VISIBILITY_TIMEOUT_SECONDS": "30",
        ])
        #expect(config.settings.batchWindow == .milliseconds(2500))
        #expect(config.settings.maxAttempts == 7)
        #expect(config.model == .offline && config.logLevel == .debug)
        #expect(config.publicBaseURL == "https://hooks.example.com")
        #expect(config.settings.defaultModel == EngineSettings().defaultModel)
        #expect(config.queueVisibility == .seconds(30))
    }

    @Test("an invalid value fails naming the key and what is allowed", arguments: [
        ("REPLIES_BACKEND", "postgres", "one of embedded, aws"),
        ("REPLIES_SENDER", "smtp", "one of twilio, console"),
        ("LOG_LEVEL", "loud", "one of trace, debug, info, notice, warning, error, critical"),
        ("WORKER_CONCURRENCY", "0", "a whole number in 1...64"),
        ("BATCH_WINDOW_SECONDS", "ten", "seconds in 0...900"),
        ("REPLY_LEASE_SECONDS", "5", "seconds in 30...3600"),
        ("PUBLIC_BASE_URL", "hooks.example.com", "an http(s) URL"),
        ("OPENAI_TIMEOUT_SECONDS", "inf", "seconds in 1...600"),
    ])
    func invalid(key: String, value: String, expected: String) {
        #expect {
            try EngineConfiguration(environment: [key: value])
        } throws: { error in
            let text = "\(error)"
            return (error as? ConfigurationError)?.key == key && text.contains("\(key)='\(value)'") && text.contains(expected)
        }
    }

    @Test("every invalid key is reported at once")
    func several() {
        #expect {
            try EngineConfiguration(environment: ["MAX_ATTEMPTS": "0", "REPLIES_MODEL": "gpt"])
        } throws: { error in
            guard case .several(let errors) = error as? ConfigurationError else { return false }
            return Set(errors.compactMap(\.key)) == ["MAX_ATTEMPTS", "REPLIES_MODEL"]
        }
    }

    @Test("Lambda's webhook needs PUBLIC_BASE_URL and says why")
    func requiredPublicURL() throws {
        let config = try EngineConfiguration(environment: [:])
        #expect(throws: ConfigurationError.missing(key: "PUBLIC_BASE_URL", hint: "on Lambda")) {
            try config.requiredPublicBaseURL("on Lambda")
        }
    }

    @Test("secrets never appear in errors or in the effective listing")
    func secrets() throws {
        let values = ConfigurationValues(environment: ["OPENAI_API_KEY": "sk-live-123", "AWS_SECRET_ACCESS_KEY": "hunter2", "REPLIES_BACKEND": "aws"])
        let listing = values.effective().map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
        #expect(!listing.contains("sk-live-123") && !listing.contains("hunter2"))
        #expect(listing.contains("OPENAI_API_KEY=<secret>"))
        #expect {
            try EngineConfiguration(values)
        } throws: { error in
            !"\(error)".contains("hunter2") && (error as? ConfigurationError)?.key == "AWS_ACCESS_KEY_ID"
        }
    }
}
