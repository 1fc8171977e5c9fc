import Foundation
package import RepliesCore

/// Voice notes through `POST {base}/audio/transcriptions` (multipart/form-data: `file` with a
/// file name whose extension names the format, `model`, `response_format=json`), with the same
/// key, base URL, retry rules and deadline as the reply calls.
extension OpenAIResponsesClient: Transcriber {
    /// `{base}/audio/transcriptions`, next to `{base}/responses`.
    var transcriptionEndpoint: String { String(endpoint.dropLast("/responses".count)) + "/audio/transcriptions" }

    package func transcribe(_ audio: DownloadedMedia, fileName: String, model: String, apiKey: String) async throws -> String {
        let boundary = "replies-engine-" + UUID().uuidString
        let body = TranscriptionForm(boundary: boundary, fileName: fileName, contentType: audio.contentType, audio: audio.data, model: model).encoded()
        var attempts = 0
        let answer = try await send(
            body, apiKey: apiKey, attempts: &attempts, to: transcriptionEndpoint, contentType: "multipart/form-data; boundary=\(boundary)")
        struct Transcription: Decodable { var text: String }
        guard let transcription = try? JSONDecoder().decode(Transcription.self, from: answer.body) else {
            throw OpenAIError(kind: .invalidResponse, retryDisposition: .transient(retryAfter: nil), httpStatus: answer.status,
                              message: "transcription answer without text", requestId: answer.requestId, attempts: attempts)
        }
        return transcription.text
    }
}

/// The multipart body of a transcription request. Written by hand: three fixed parts, one of
/// them binary, whose names and order are the whole contract.
struct TranscriptionForm {
    var boundary: String
    var fileName: String
    var contentType: String
    var audio: Data
    var model: String

    func encoded() -> Data {
        var data = Data()
        func line(_ text: String) { data.append(Data((text + "\r\n").utf8)) }
        line("--\(boundary)")
        line("Content-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"")
        line("Content-Type: \(contentType)")
        line("")
        data.append(audio)
        line("")
        for (name, value) in [("model", model), ("response_format", "json")] {
            line("--\(boundary)")
            line("Content-Disposition: form-data; name=\"\(name)\"")
            line("")
            line(value)
        }
        line("--\(boundary)--")
        return data
    }
}
