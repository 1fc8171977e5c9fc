import Foundation
import RepliesCore

extension FakeOpenAIValidation {
    static let imageDetails = ["low", "high", "auto", "original"]
    static let imageTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"]

    /// Array content as the Responses API checks it (spec: `InputTextContent`, `InputImageContent`
    /// with its required `detail`, `InputFileContent`): input parts only in user messages, an
    /// image URL that is http(s) or a base64 `data:` URL of a supported image type, a file with a
    /// name when its data is inline.
    static func checkParts(_ parts: [RecordValue], of index: Int, role: String) -> FakeOpenAIAnswer? {
        for (number, value) in parts.enumerated() {
            let param = "input[\(index)].content[\(number)]"
            guard let part = value.mapValue, let type = part.string("type") else {
                return .error(400, message: "Missing required parameter: '\(param).type'.", param: "\(param).type", code: "missing_required_parameter")
            }
            switch type {
            case "input_text":
                guard part.string("text") != nil else { return missing("\(param).text") }
            case "input_image":
                guard role == "user" || role == "developer" || role == "system" else { return invalidValue(type, param: "\(param).type") }
                guard let detail = part.string("detail") else { return missing("\(param).detail") }
                guard imageDetails.contains(detail) else { return invalidValue(detail, param: "\(param).detail") }
                guard let url = part.string("image_url") else { return missing("\(param).image_url") }
                if let problem = imageURLProblem(url) {
                    return .error(400, message: "Invalid '\(param).image_url'. \(problem)", param: "\(param).image_url", code: "invalid_value")
                }
            case "input_file":
                let data = part.string("file_data")
                guard data != nil || part.string("file_id") != nil || part.string("file_url") != nil else { return missing("\(param).file_data") }
                if let data {
                    guard part.string("filename").map({ !$0.isEmpty }) == true else { return missing("\(param).filename") }
                    guard data.hasPrefix("data:"), let marker = data.range(of: ";base64,"),
                          Data(base64Encoded: String(data[marker.upperBound...])) != nil else {
                        return .error(400, message: "Invalid '\(param).file_data'. Expected a base64-encoded data URL.", param: "\(param).file_data", code: "invalid_value")
                    }
                }
            case "output_text", "refusal":
                guard role == "assistant" else { return invalidValue(type, param: "\(param).type") }
            default:
                return invalidValue(type, param: "\(param).type")
            }
        }
        return nil
    }

    static func imageURLProblem(_ url: String) -> String? {
        if url.hasPrefix("https://") || url.hasPrefix("http://") { return nil }
        guard url.hasPrefix("data:"), let marker = url.range(of: ";base64,") else {
            return "Expected a valid URL or a base64-encoded data URL, but got a value with an invalid format."
        }
        let type = String(url[url.index(url.startIndex, offsetBy: 5)..<marker.lowerBound])
        guard imageTypes.contains(type) else {
            return "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp']."
        }
        guard let bytes = Data(base64Encoded: String(url[marker.upperBound...])), !bytes.isEmpty else {
            return "Expected a base64-encoded data URL with an image MIME type, but got an invalid base64 payload."
        }
        return nil
    }

    static func missing(_ param: String) -> FakeOpenAIAnswer {
        .error(400, message: "Missing required parameter: '\(param)'.", param: param, code: "missing_required_parameter")
    }

    static func invalidValue(_ value: String, param: String) -> FakeOpenAIAnswer {
        .error(400, message: "Invalid value: '\(value)'.", param: param, code: "invalid_value")
    }
}

extension FakeOpenAI.Request {
    /// One content part of the newest user message, for assertions on order and shape.
    package enum Part: Sendable, Hashable {
        case text(String)
        case image(url: String, detail: String?)
        case file(name: String?, data: String?)
        case other(String)
    }

    /// The newest user message's parts in order; a string content is one text part.
    package var newestUserParts: [Part] {
        let messages = (fields.list("input") ?? []).compactMap(\.mapValue).filter { $0.string("role") == "user" }
        guard let content = messages.last?["content"] else { return [] }
        if case .string(let text) = content { return [.text(text)] }
        return (content.listValue ?? []).compactMap(\.mapValue).map { part in
            switch part.string("type") {
            case "input_text": .text(part.string("text") ?? "")
            case "input_image": .image(url: part.string("image_url") ?? "", detail: part.string("detail"))
            case "input_file": .file(name: part.string("filename"), data: part.string("file_data"))
            default: .other(part.string("type") ?? "")
            }
        }
    }
}
