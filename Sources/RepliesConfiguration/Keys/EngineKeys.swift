package import Logging

/// Which backend, where its data lives, the public URL and the process's own tunables.
package struct EngineKeys: ConfigKeyGroup {
    package static let title = "Engine"
    package static let summary = "Read by every command and by Lambda."

    package let configFile: ConfigKey<String> = .text(
        "REPLIES_CONFIG_FILE", "a JSON file of these keys, read when `--config` is not given (the environment wins over the file)")
    package let backend: ConfigKey<Backend> = .choice(
        "REPLIES_BACKEND", default: .embedded, "`embedded` (SQLite under REPLIES_DATA_DIR) or `aws` (DynamoDB, SQS, Secrets Manager)")
    package let dataDirectory: ConfigKey<String> = .text(
        "REPLIES_DATA_DIR", default: "./.replies-data", "embedded backend: the SQLite file and `secrets.json`")
    package let publicBaseURL: ConfigKey<String> = ConfigKey<String>.url(
        "PUBLIC_BASE_URL", "public URL Twilio posts to; signatures are checked against it (required on Lambda)"
    ).documentingDefault("`http://HOST:PORT` of `serve`")
    package let workerConcurrency: ConfigKey<Int> = .integer(
        "WORKER_CONCURRENCY", default: 4, in: 1...64, "batches `serve` processes at once")
    package let queueVisibility: ConfigKey<Duration> = ConfigKey<Duration>.seconds(
        "QUEUE_VISIBILITY_TIMEOUT_SECONDS", default: nil, in: 1...43_200,
        "how long a received trigger stays hidden; the heartbeat extends it every third of it while the batch runs, so after a crash the trigger comes back within this long"
    ).documentingDefault("`120` (`serve`); `720` on Lambda (the template's queues)")
    package let logLevel: ConfigKey<Logger.Level> = .choice(
        "LOG_LEVEL", default: .info, "log level; logs go to standard error")
    package let debugOutcomeHeader: ConfigKey<Bool> = .flag(
        "DEBUG_OUTCOME_HEADER", default: false,
        "debugging only: webhook answers carry what ingest decided (`X-Replies-Outcome`, `X-Replies-Signed-URL`) for `simulate`; never on a public deployment, it tells any caller which number pairs exist")

    package init() {}
}

/// Where the engine keeps its state.
package enum Backend: String, CaseIterable, Sendable { case embedded, aws }
