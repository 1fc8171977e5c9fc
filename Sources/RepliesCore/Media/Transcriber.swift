import Foundation

/// Speech to text for voice notes (the OpenAI adapter: `POST /v1/audio/transcriptions`).
/// Runs in the worker before the model call, with the tenant's model key.
package protocol Transcriber: Sendable {
    /// - Parameter fileName: carries the extension the service uses to identify the format.
    func transcribe(_ audio: DownloadedMedia, fileName: String, model: String, apiKey: String) async throws -> String
}

/// A file name whose extension tells the transcription service the audio format.
package enum AudioFileName {
    package static func of(contentType: String) -> String {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let ext = switch type {
        case "audio/ogg", "audio/opus": "ogg"
        case "audio/mpeg", "audio/mp3", "audio/mpga": "mp3"
        case "audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac": "m4a"
        case "audio/amr": "amr"
        case "audio/wav", "audio/x-wav", "audio/wave": "wav"
        case "audio/webm": "webm"
        case "audio/flac", "audio/x-flac": "flac"
        default: "ogg"
        }
        return "voice-note.\(ext)"
    }

    /// Formats the transcription endpoint accepts (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm).
    package static func isSupported(contentType: String) -> Bool {
        let name = of(contentType: contentType)
        return !name.hasSuffix(".amr")
    }
}
