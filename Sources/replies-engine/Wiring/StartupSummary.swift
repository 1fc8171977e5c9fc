import AWSBackend
import AWSCore
import Logging
import RepliesConfiguration
import RepliesCore

/// The effective configuration `serve` logs at start, so a log shows what the process ran
/// with: backend and where its data is, the public URL signatures are checked against, the
/// model and sender in use, and the batch timings. Never a secret: AWS keys and tokens are not
/// in it, and the data is named by paths, tables and queue URLs only.
///
/// ```swift
/// logger.info("serve starting", metadata: StartupSummary.metadata(config, host: host, port: port))
/// ```
enum StartupSummary {
    static func metadata(_ config: EngineConfiguration, listening: String, publicBaseURL: String) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "backend": "\(config.backend.rawValue)",
            "listen": "\(listening)",
            "public_base_url": "\(publicBaseURL)",
            "model": "\(modelDescription(config))",
            "sender": "\(senderDescription(config))",
            "batch_window_s": "\(seconds(config.settings.batchWindow))",
            "quiet_s": "\(seconds(config.settings.quietPeriod))",
            "max_wait_s": "\(seconds(config.settings.maxBatchWait))",
            "reply_lease_s": "\(seconds(config.settings.leaseDuration))",
            "max_attempts": "\(config.settings.maxAttempts)",
            "workers": "\(config.workerConcurrency)",
            "queue_visibility_s": "\(seconds(config.queueVisibility))",
            "log_level": "\(config.logLevel.rawValue)",
            "log_format": "\(config.logFormat.rawValue)",
            // The configured listener (`:0` until bound; its bound port is printed on standard output).
            "metrics": "\(config.metricsListener.map { "\($0.host):\($0.port)/metrics" } ?? "main port /metrics")",
        ]
        switch config.backend {
        case .embedded:
            metadata["data_dir"] = "\(config.dataDirectory)"
        case .aws:
            if let aws = config.aws {
                metadata["region"] = "\(aws.client.region)"
                metadata["conversations_table"] = "\(aws.conversationsTable)"
                metadata["stage_table"] = "\(aws.stageTable)"
                metadata["lock_table"] = "\(aws.lockTable)"
                if let companies = aws.companyDataTable { metadata["company_table"] = "\(companies)" }
                for (channel, url) in aws.queueURLs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    metadata["\(channel.rawValue)_queue"] = "\(url)"
                }
                metadata["handoff_queue"] = "\(aws.handoffQueueURL)"
            }
        }
        if config.debugOutcomeHeader { metadata["debug_outcome_header"] = "on (never on a public deployment)" }
        return metadata
    }

    static func modelDescription(_ config: EngineConfiguration) -> String {
        switch config.model {
        case .openai: "openai \(config.settings.defaultModel) at \(config.openAIBaseURL) (key from each conversation's ai_config.api_key_reference secret)"
        case .offline: "offline (labelled demo replies, no model calls)"
        }
    }

    static func senderDescription(_ config: EngineConfiguration) -> String {
        switch config.sender {
        case .twilio: "twilio at \(config.twilioBaseURL)"
        case .console: "console (replies are printed, not sent)"
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}
