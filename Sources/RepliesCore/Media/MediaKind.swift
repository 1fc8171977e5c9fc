import Foundation

/// How the engine treats a media type: what the model can take as itself, and what is described.
package enum MediaKind: Sendable, Hashable {
    /// PNG, JPEG, WEBP (WhatsApp stickers too) and GIF: the types the Responses API accepts as images.
    case image
    /// Voice notes (`audio/ogg` on WhatsApp) and other audio: transcribed.
    case audio
    /// PDF: passed as an `input_file`.
    case pdf
    case video
    case contact
    case other

    package init(contentType: String) {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif": self = .image
        case "application/pdf": self = .pdf
        case "text/vcard", "text/x-vcard": self = .contact
        default:
            if type.hasPrefix("audio/") { self = .audio } else if type.hasPrefix("video/") { self = .video } else { self = .other }
        }
    }

    /// The line the record (and, when the item is not processed, the model) gets for an item.
    package static func description(of item: MediaItem, note: String? = nil) -> String {
        let type = item.contentType.isEmpty ? "file" : item.contentType
        let what = switch MediaKind(contentType: item.contentType) {
        // WhatsApp sends stickers as WebP, and photos as JPEG.
        case .image where type.lowercased().hasPrefix("image/webp"): "Sticker or image (\(type))"
        case .image: "Image (\(type))"
        case .audio: "Voice note or audio (\(type))"
        case .pdf: "Document (PDF)"
        case .video: "Video (\(type)), not viewed"
        case .contact: "Contact card shared (\(type))"
        case .other: "Attachment (\(type))"
        }
        return note.map { "[\(what): \($0)]" } ?? "[\(what)]"
    }
}
