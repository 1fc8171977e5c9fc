import Foundation
import RepliesCore

/// Builds a response object shaped like OpenAI's (`openai-python` `types/responses/response.py`):
/// a reasoning item first, then the assistant message, so clients cannot get away with `output[0]`.
enum FakeOpenAIResponseObject {
    static func completed(for request: FakeOpenAI.Request, reply: FakeOpenAI.Reply, sequence: Int) -> String {
        let text = reply.json
        return completed(for: request, text: text, usage: reply.usage ?? estimatedUsage(request: request, replyText: text), sequence: sequence)
    }

    static func completed(for request: FakeOpenAI.Request, text: String, usage: FakeOpenAI.Usage, sequence: Int) -> String {
        let body = request.fields
        let object: RecordValue = .map([
            "id": .string("resp_\(hex(sequence, width: 48))"),
            "object": .string("response"),
            "created_at": .int(Int(Date().timeIntervalSince1970)),
            "status": .string("completed"),
            "background": .bool(false),
            "error": .null,
            "incomplete_details": .null,
            "instructions": body["instructions"] ?? .null,
            "max_output_tokens": body["max_output_tokens"] ?? .null,
            "model": .string(resolvedModel(request.model ?? "")),
            "output": .list([
                .map([
                    "id": .string("rs_\(hex(sequence, width: 48))"),
                    "type": .string("reasoning"),
                    "summary": .list([]),
                ]),
                .map([
                    "id": .string("msg_\(hex(sequence, width: 48))"),
                    "type": .string("message"),
                    "status": .string("completed"),
                    "role": .string("assistant"),
                    "content": .list([
                        .map([
                            "type": .string("output_text"),
                            "text": .string(text),
                            "annotations": .list([]),
                            "logprobs": .list([]),
                        ]),
                    ]),
                ]),
            ]),
            "parallel_tool_calls": .bool(true),
            "previous_response_id": .null,
            "reasoning": .map(["effort": .string("medium"), "summary": .null]),
            "safety_identifier": body["safety_identifier"] ?? .null,
            "store": body["store"] ?? .bool(true),
            "temperature": .int(1),
            "text": body["text"] ?? .map(["format": .map(["type": .string("text")])]),
            "tool_choice": .string("auto"),
            "tools": .list([]),
            "top_p": .int(1),
            "truncation": .string("disabled"),
            "usage": usageObject(usage),
            "user": .null,
            "metadata": .map([:]),
        ])
        return FakeOpenAIJSON.text(object)
    }

    static func usageObject(_ usage: FakeOpenAI.Usage) -> RecordValue {
        .map([
            "input_tokens": .int(usage.inputTokens),
            "input_tokens_details": .map(["cached_tokens": .int(usage.cachedTokens)]),
            "output_tokens": .int(usage.outputTokens),
            "output_tokens_details": .map(["reasoning_tokens": .int(usage.reasoningTokens)]),
            "total_tokens": .int(usage.totalTokens),
        ])
    }

    /// About four characters a token, as OpenAI's rule of thumb; deterministic for assertions.
    static func estimatedUsage(request: FakeOpenAI.Request, replyText: String) -> FakeOpenAI.Usage {
        let inputCharacters = (request.instructions ?? "").count + request.input.reduce(0) { $0 + $1.content.count }
        return FakeOpenAI.Usage(inputTokens: (inputCharacters + 3) / 4, outputTokens: (replyText.count + 3) / 4)
    }

    /// OpenAI answers with the dated snapshot of an alias; the fake mimics that for plain names.
    static func resolvedModel(_ model: String) -> String {
        model.contains("-20") ? model : "\(model)-2025-08-07"
    }

    static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
