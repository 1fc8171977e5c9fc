import Logging
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
        ]
        switch config.backend {
        case .embedded:
            metadata["data_dir"] = "\(config.dataDirectory)"
        case .aws:
            for (key, name) in [
                ("AWS_REGION", "region"), ("AWS_ENDPOINT_URL", "endpoint"), ("CONVERSATIONS_TABLE", "conversations_table"),
                ("STAGE_TABLE", "stage_table"), ("LOCK_TABLE", "lock_table"), ("COMPANY_DATA_TABLE", "company_table"),
                ("WHATSAPP_QUEUE_URL", "whatsapp_queue"), ("SMS_QUEUE_URL", "sms_queue"), ("HANDOFF_QUEUE_URL", "handoff_queue"),
            ] {
                if let value = config.values[key], !value.isEmpty { metadata[name] = "\(value)" }
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
