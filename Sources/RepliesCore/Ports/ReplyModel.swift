/// The LLM that writes replies (OpenAI Responses, or the offline demo model).
///
/// Implementations retry transient failures themselves within their own time budget and throw
/// an error conforming to ``RetryClassifying`` when they give up.
package protocol ReplyModel: Sendable {
    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply
}
