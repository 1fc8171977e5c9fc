import Foundation

/// One piece of the model's new user turn, in the order the person sent them: text, an image as
/// a base64 `data:` URL (Responses API `input_image`), or a file (`input_file`, PDFs).
///
/// Only the model call carries images and files; the record keeps the turn as text (images and
/// documents described, voice notes transcribed) so later batches and staff can read it.
package enum ModelInputPart: Sendable, Hashable {
    case text(String)
    case image(dataURL: String)
    case file(name: String, dataURL: String)

    /// `data:<type>;base64,<bytes>`.
    package static func dataURL(_ media: DownloadedMedia) -> String {
        "data:\(media.contentType);base64,\(media.data.base64EncodedString())"
    }
}
