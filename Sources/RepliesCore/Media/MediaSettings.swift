/// Deployment-wide media limits (configuration keys `MEDIA_*`, docs/CONFIGURATION.md): what one
/// batch may download and send to the model. What exceeds them is described, not processed.
package struct MediaSettings: Sendable, Hashable {
    /// `MEDIA_MAX_ITEMS_PER_BATCH`: media items processed per batch; later ones are described.
    package var maxItemsPerBatch: Int = 5
    /// `MEDIA_MAX_BYTES_PER_BATCH`: bytes downloaded per batch, all items together.
    package var maxBytesPerBatch: Int = 20 * 1024 * 1024
    /// `MEDIA_MAX_ITEM_BYTES`: the largest single item (WhatsApp's own limit is 16 MB).
    package var maxItemBytes: Int = MediaDownloadLimits.whatsAppMaxBytes
    /// `MEDIA_MAX_AUDIO_SECONDS_PER_BATCH`: voice-note seconds transcribed per batch; longer notes
    /// (or those past the total) are described with their length instead.
    package var maxAudioSecondsPerBatch: Int = 300
    /// `MEDIA_DOWNLOAD_TIMEOUT_SECONDS`: one item's download, retries included.
    package var downloadTimeout: Duration = .seconds(30)
    /// `OPENAI_TRANSCRIPTION_MODEL`: the voice-note model unless `ai_config.transcription_model` says otherwise.
    package var transcriptionModel: String = "gpt-transcribe"

    package init() {}
}

/// The media keys of a conversation's `ai_config` (docs/DATA.md).
package struct MediaAIConfig: Sendable, Hashable {
    /// `vision` (default true): images reach the model as images; false sends a description.
    package var vision: Bool
    /// `transcription_model`: overrides the deployment's transcription model for this company.
    package var transcriptionModel: String?

    package init(record: Record) {
        vision = record.bool("vision") ?? true
        transcriptionModel = record.nonEmptyString("transcription_model")
    }

    package init(conversation: Conversation) {
        self.init(record: conversation.record.map("ai_config") ?? [:])
    }
}
