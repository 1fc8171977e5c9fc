import Foundation

/// The `error` object of an OpenAI error body: `{"error":{"message","type","param","code"}}`.
///
/// Read leniently: compatible servers (llama.cpp) send a numeric `code`, and a proxy may answer
/// with HTML, in which case there is simply no detail.
///
/// ```swift
/// let detail = APIErrorDetail.parse(body)   // nil when the body is not an OpenAI error
/// ```
struct APIErrorDetail: Decodable, Sendable, Hashable {
    var message: String?
    var type: String?
    var code: String?

    var isInsufficientQuota: Bool { type == "insufficient_quota" || code == "insufficient_quota" }

    /// `code`, else `type`: the most specific machine-readable name for the failure.
    var name: String? { code ?? type }

    static func parse(_ body: Data) -> APIErrorDetail? {
        struct Envelope: Decodable { var error: APIErrorDetail? }
        return (try? JSONDecoder().decode(Envelope.self, from: body))?.error
    }

    init(message: String?, type: String?, code: String?) {
        self.message = message
        self.type = type
        self.code = code
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = Self.text(container, .message)
        type = Self.text(container, .type)
        code = Self.text(container, .code)
    }

    private enum CodingKeys: String, CodingKey { case message, type, code }

    private static func text(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> String? {
        if let text = try? container.decodeIfPresent(String.self, forKey: key) { return text }
        if let number = try? container.decodeIfPresent(Int.self, forKey: key) { return String(number) }
        return nil
    }
}
