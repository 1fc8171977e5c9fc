import RepliesCore

/// Inbound media: what the worker downloads, transcribes and shows the model per batch
/// (``MediaSettings``); what exceeds a cap is described, not processed.
package struct MediaKeys: ConfigKeyGroup {
    package static let title = "Media and WhatsApp extras"

    private static let defaults = MediaSettings()

    package let enabled: ConfigKey<Bool> = .flag(
        "MEDIA_ENABLED", default: true,
        "download inbound media in the worker: images and PDFs go to the model, voice notes are transcribed; off: media is only described")
    package let maxItems: ConfigKey<Int> = .integer(
        "MEDIA_MAX_ITEMS_PER_BATCH", default: MediaKeys.defaults.maxItemsPerBatch, in: 0...50,
        "media items processed per batch; later ones are described")
    package let maxBytes: ConfigKey<Int> = .integer(
        "MEDIA_MAX_BYTES_PER_BATCH", default: MediaKeys.defaults.maxBytesPerBatch, in: 0...200_000_000,
        "bytes downloaded per batch, all items together")
    package let maxItemBytes: ConfigKey<Int> = .integer(
        "MEDIA_MAX_ITEM_BYTES", default: MediaKeys.defaults.maxItemBytes, in: 1...100_000_000,
        "largest single item; a larger one is refused without being read whole (WhatsApp allows 16 MB)")
    package let maxAudioSeconds: ConfigKey<Int> = .integer(
        "MEDIA_MAX_AUDIO_SECONDS_PER_BATCH", default: MediaKeys.defaults.maxAudioSecondsPerBatch, in: 0...7200,
        "voice-note seconds transcribed per batch (Ogg Opus length read from the file, other formats estimated at 16 kbit/s); the rest is described")
    package let downloadTimeout: ConfigKey<Duration> = .seconds(
        "MEDIA_DOWNLOAD_TIMEOUT_SECONDS", default: MediaKeys.defaults.downloadTimeout.timeInterval, in: 1...300,
        "one item's download, retries of a not-yet-ready (404) media included")
    package let transcriptionModel: ConfigKey<String> = .text(
        "OPENAI_TRANSCRIPTION_MODEL", default: MediaKeys.defaults.transcriptionModel,
        "voice-note model for `/v1/audio/transcriptions` unless a record's `ai_config.transcription_model` says otherwise")

    package let typingIndicator: ConfigKey<Bool> = .flag(
        "TYPING_INDICATOR_ENABLED", default: true,
        "show WhatsApp's typing indicator (and mark the message read) when a batch starts answering; `ai_config.typing_indicator: false` turns it off per company")
    package let messagingBaseURL: ConfigKey<String> = .url(
        "TWILIO_MESSAGING_BASE_URL", default: "https://messaging.twilio.com", "Twilio's Messaging v2 host, for the typing indicator")

    package init() {}
}
