import RepliesCore

/// A message's `content`: a plain string, or (a user turn with media) an array of
/// `input_text` / `input_image` / `input_file` parts in the order the person sent them.
enum MessageContent: Encodable, Sendable, Hashable {
    case text(String)
    case parts([ModelInputPart])

    private enum PartKeys: String, CodingKey {
        case type, text, detail, filename
        case imageURL = "image_url"
        case fileData = "file_data"
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .parts(let parts):
            var list = encoder.unkeyedContainer()
            for part in parts {
                var item = list.nestedContainer(keyedBy: PartKeys.self)
                switch part {
                case .text(let text):
                    try item.encode("input_text", forKey: .type)
                    try item.encode(text, forKey: .text)
                case .image(let dataURL):
                    try item.encode("input_image", forKey: .type)
                    try item.encode(dataURL, forKey: .imageURL)
                    // Required by the API; `auto` lets the model pick the resolution.
                    try item.encode("auto", forKey: .detail)
                case .file(let name, let dataURL):
                    try item.encode("input_file", forKey: .type)
                    try item.encode(name, forKey: .filename)
                    try item.encode(dataURL, forKey: .fileData)
                }
            }
        }
    }
}
