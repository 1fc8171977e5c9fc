import Foundation
import Logging
import RepliesCore

/// Everything `serve` and the other commands read from the environment (or a JSON config file
/// with the same keys; the environment wins). Invalid or missing values fail at start with an
/// error naming the key.
///
/// ```swift
/// let config = try EngineConfiguration(environment: ProcessInfo.processInfo.environment)
/// ```
struct EngineConfiguration: Sendable {
    enum Backend: String, Sendable { case embedded, aws }
    enum ModelKind: String, Sendable { case openai, offline }
    enum SenderKind: String, Sendable { case twilio, console }

    var backend: Backend
    var dataDirectory: String
    var publicBaseURL: String?
    var settings: EngineSettings
    var openAIBaseURL: String
    var openAITimeout: Duration
    var model: ModelKind
    var sender: SenderKind
    var twilioBaseURL: String
    var workerConcurrency: Int
    /// How long a received trigger stays hidden; the heartbeat extends it every third of it, so
    /// it only matters when a worker dies: its trigger comes back after at most this long.
    var queueVisibility: Duration
    var logLevel: Logger.Level
    /// Debug only: webhook answers carry what ingest decided (`X-Replies-Outcome`), for `simulate`.
    var debugOutcomeHeader: Bool
    /// The raw key/value view, for adapters that read their own keys (AWS).
    var values: [String: String]

    init(environment: [String: String], configFile: String? = nil) throws(ConfigurationError) {
        var values: [String: String] = [:]
        if let path = configFile ?? environment["REPLIES_CONFIG_FILE"] {
            values = try Self.readFile(path)
        }
        values.merge(environment) { _, env in env }
        self.values = values
        let reader = Reader(values: values)

        backend = try reader.choice("REPLIES_BACKEND", default: .embedded)
        dataDirectory = reader.string("REPLIES_DATA_DIR") ?? "./.replies-data"
        publicBaseURL = try reader.url("PUBLIC_BASE_URL")
        var settings = EngineSettings()
        settings.batchWindow = try reader.seconds("BATCH_WINDOW_SECONDS", default: settings.batchWindow, range: 0...900)
        settings.quietPeriod = try reader.seconds("BATCH_QUIET_SECONDS", default: settings.quietPeriod, range: 0...300)
        settings.maxBatchWait = try reader.seconds("BATCH_MAX_WAIT_SECONDS", default: settings.maxBatchWait, range: 0...900)
        settings.leaseDuration = try reader.seconds("REPLY_LEASE_SECONDS", default: settings.leaseDuration, range: 30...3600)
        settings.maxAttempts = try reader.integer("MAX_ATTEMPTS", default: settings.maxAttempts, range: 1...100)
        settings.historyMaxCharacters = try reader.integer("HISTORY_MAX_CHARS", default: settings.historyMaxCharacters, range: 0...1_000_000)
        settings.defaultModel = reader.string("OPENAI_MODEL") ?? settings.defaultModel
        self.settings = settings
        openAIBaseURL = try reader.url("OPENAI_BASE_URL") ?? "https://api.openai.com/v1"
        openAITimeout = try reader.seconds("OPENAI_TIMEOUT_SECONDS", default: .seconds(60), range: 1...600)
        model = try reader.choice("REPLIES_MODEL", default: .openai)
        sender = try reader.choice("REPLIES_SENDER", default: .twilio)
        twilioBaseURL = try reader.url("TWILIO_API_BASE_URL") ?? "https://api.twilio.com"
        workerConcurrency = try reader.integer("WORKER_CONCURRENCY", default: 4, range: 1...64)
        // SQS's limit is 12 h; the same key sets the Lambda worker's visibility.
        queueVisibility = try reader.seconds("QUEUE_VISIBILITY_TIMEOUT_SECONDS", default: .seconds(120), range: 1...43_200)
        logLevel = try reader.choice("LOG_LEVEL", default: .info)
        debugOutcomeHeader = try reader.boolean("DEBUG_OUTCOME_HEADER", default: false)
    }

    /// The public URL Twilio posts to; required when serving real traffic.
    func publicBaseURL(defaultHost host: String, port: Int) -> String {
        publicBaseURL ?? "http://\(host):\(port)"
    }

    private static func readFile(_ path: String) throws(ConfigurationError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableFile(path) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw .malformedFile(path) }
        return object.compactMapValues { value in
            switch value {
            case let text as String: text
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
    }
}

/// Typed reads of configuration values.
private struct Reader {
    let values: [String: String]

    func string(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func choice<T: RawRepresentable>(_ key: String, default fallback: T) throws(ConfigurationError) -> T where T.RawValue == String {
        guard let text = string(key) else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else { throw .invalid(key, text, "one of the documented values") }
        return value
    }

    func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = string(key) else { return fallback }
        guard let value = Int(text), range.contains(value) else { throw .invalid(key, text, "a whole number in \(range)") }
        return value
    }

    func seconds(_ key: String, default fallback: Duration, range: ClosedRange<Double>) throws(ConfigurationError) -> Duration {
        guard let text = string(key) else { return fallback }
        guard let value = Double(text), range.contains(value) else { throw .invalid(key, text, "seconds in \(range)") }
        return .interval(value)
    }

    func boolean(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = string(key) else { return fallback }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw .invalid(key, text, "true or false")
        }
    }

    func url(_ key: String) throws(ConfigurationError) -> String? {
        guard let text = string(key) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalid(key, text, "an http(s) URL")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String, String, String)
    case missing(String, String)
    case unreadableFile(String)
    case malformedFile(String)

    var description: String {
        switch self {
        case .invalid(let key, let value, let expected): "configuration \(key)='\(value)' is invalid: expected \(expected)"
        case .missing(let key, let why): "configuration \(key) is required \(why)"
        case .unreadableFile(let path): "cannot read the config file \(path)"
        case .malformedFile(let path): "the config file \(path) is not a JSON object of KEY: value"
        }
    }
}
