import AsyncHTTPClient
import Logging
import OpenAIResponses
import RepliesConfiguration
import RepliesCore
import Twilio

/// Gives the worker its media ports: the Twilio media download (with its own HTTP client, which
/// must not follow redirects itself) and the OpenAI transcription on the reply model's client.
/// Without Twilio as the sender or with `MEDIA_ENABLED=false`, media stays described.
enum MediaWiring {
    /// Process-wide, like `HTTPClient.shared`: never shut down, so never deinitialised unshut.
    static let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: TwilioMediaClient.httpClientConfiguration)

    static func attach(to ports: inout EnginePorts, config: EngineConfiguration, logger: Logger) throws {
        guard config.sender == .twilio else { return }
        if config.typingIndicatorEnabled {
            ports.typing = TwilioTypingIndicator(httpClient: .shared, baseURL: config.twilioMessagingBaseURL, logger: logger)
        }
        guard config.mediaEnabled else { return }
        ports.media = try TwilioMediaClient(httpClient: httpClient, apiBaseURL: config.twilioBaseURL, logger: logger)
        ports.transcriber = ports.model as? OpenAIResponsesClient
    }
}
