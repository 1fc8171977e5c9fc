import Foundation

extension BatchRun {
    /// The batch's media resolved for the model, or nil when there is none to process (no media,
    /// no downloader wired, or a channel without Twilio media): the merged text turn then stands.
    func mediaTurn(for delivery: Delivery, apiKey: String) async -> MediaTurn? {
        guard case .twilio(let twilio) = delivery, let downloader = ports.media,
              fragments.contains(where: { !$0.media.isEmpty }) else { return nil }
        let config = MediaAIConfig(conversation: conversation)
        let builder = MediaTurnBuilder(
            downloader: downloader, transcriber: ports.transcriber, stage: ports.stage, credentials: twilio.credentials, settings: settings,
            vision: config.vision, transcriptionModel: config.transcriptionModel ?? settings.media.transcriptionModel,
            apiKey: apiKey, clock: ports.clock, logger: logger)
        return await builder.build(fragments)
    }
}
