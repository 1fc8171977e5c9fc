package import Foundation
import Hummingbird
import RepliesCore

extension FakeOpenAI {
    /// One `POST /v1/audio/transcriptions` as received (accepted or not).
    package struct TranscriptionRequest: Sendable, Hashable {
        package var contentType: String?
        package var fileName: String?
        package var fileContentType: String?
        package var file: Data?
        package var fields: [String: String]
        package var status: Int
    }

    package func transcriptionRequests() async -> [TranscriptionRequest] { await state.transcriptionRequests }

    /// What the fake "hears" in an audio file (default: its byte count).
    package func transcribe(_ transcript: @escaping @Sendable (Data) -> String) async { await state.setTranscript(transcript) }
}

/// `POST /v1/audio/transcriptions` as OpenAI checks it: Bearer auth, multipart/form-data with a
/// `file` part whose file name carries a supported extension, and a known `model`
/// (the options of the spec's `CreateTranscriptionRequest`); `response_format` json or text.
enum FakeOpenAITranscriptions {
    static let extensions = ["flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"]
    static let models = ["whisper-1", "gpt-transcribe", "gpt-4o-transcribe", "gpt-4o-mini-transcribe",
                         "gpt-4o-mini-transcribe-2025-12-15", "gpt-4o-transcribe-diarize"]

    static func handle(_ request: Request, body: Data, state: FakeOpenAIState) async -> Response {
        let contentType = request.headers[.contentType]
        let parts = contentType.flatMap(MultipartParts.boundary(of:)).map { MultipartParts.parse(body, boundary: $0) } ?? []
        let file = parts.first { $0.name == "file" }
        var fields: [String: String] = [:]
        for part in parts where part.fileName == nil { fields[part.name] = String(decoding: part.data, as: UTF8.self) }
        let answer = await answer(authorization: request.headers[.authorization], contentType: contentType, file: file, fields: fields, state: state)
        await state.recordTranscription(FakeOpenAI.TranscriptionRequest(
            contentType: contentType, fileName: file?.fileName, fileContentType: file?.contentType, file: file?.data,
            fields: fields, status: answer.status))
        return FakeOpenAIServer.response(answer, sequence: 0)
    }

    static func answer(
        authorization: String?, contentType: String?, file: MultipartParts.Part?, fields: [String: String], state: FakeOpenAIState
    ) async -> FakeOpenAIAnswer {
        if let refused = FakeOpenAIValidation.authenticate(authorization, apiKey: state.apiKey) { return refused }
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"), MultipartParts.boundary(of: contentType) != nil else {
            return .error(400, message: "Invalid Content-Type header (\(contentType ?? "none")), expected multipart/form-data.")
        }
        guard let model = fields["model"], !model.isEmpty else {
            return .error(400, message: "you must provide a model parameter", param: "model")
        }
        guard models.contains(model) else {
            return .error(400, message: "Invalid model \(model). The model argument should be left blank.", param: "model", code: "invalid_value")
        }
        guard let file, let name = file.fileName, !file.data.isEmpty else {
            return .error(400, message: "Missing required parameter: 'file'.", param: "file", code: "missing_required_parameter")
        }
        let ext = name.split(separator: ".").count > 1 ? name.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
        guard extensions.contains(ext) else {
            return .error(400, message: "Invalid file format. Supported formats: \(extensions.map { "'\($0)'" })", param: "file")
        }
        if let format = fields["response_format"], !["json", "text"].contains(format) {
            return .error(400, message: "response_format '\(format)' is not compatible with model '\(model)'. Use 'json' or 'text'.", param: "response_format")
        }
        let text = await state.transcript(file.data)
        let json = FakeOpenAIJSON.text(.map([
            "text": .string(text),
            "usage": .map(["type": .string("tokens"), "input_tokens": .int(file.data.count / 100 + 1),
                           "output_tokens": .int(text.count / 4 + 1), "total_tokens": .int(file.data.count / 100 + text.count / 4 + 2)]),
        ]))
        return FakeOpenAIAnswer(status: 200, headers: [:], body: json)
    }
}

/// A small multipart/form-data reader for the fake (RFC 7578): parts split on the boundary,
/// with their `name`, `filename` and `Content-Type`.
enum MultipartParts {
    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: Data
    }

    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    static func parse(_ body: Data, boundary: String) -> [Part] {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Part] = []
        var ranges: [Range<Data.Index>] = []
        var search = body.startIndex..<body.endIndex
        while let found = body.range(of: delimiter, in: search) {
            ranges.append(found)
            search = found.upperBound..<body.endIndex
        }
        for (start, end) in zip(ranges, ranges.dropFirst()) {
            var chunk = body[start.upperBound..<end.lowerBound]
            guard chunk.starts(with: Data("\r\n".utf8)) else { continue }
            chunk = chunk.dropFirst(2)
            guard let split = chunk.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            var data = Data(chunk[split.upperBound...])
            if data.suffix(2) == Data("\r\n".utf8) { data.removeLast(2) }
            var part = Part(name: "", data: data)
            for line in head.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = parameter("name", in: line) ?? ""
                    part.fileName = parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(part)
        }
        return parts
    }

    static func parameter(_ name: String, in line: String) -> String? {
        for piece in line.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0].lowercased() == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
