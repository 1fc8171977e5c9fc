import Foundation
import Logging

/// Resolves a batch's media into a ``MediaTurn``, in receive order: images (when
/// `ai_config.vision` allows) and PDFs downloaded and passed as parts, voice notes downloaded and
/// transcribed, shared contacts (vCards) downloaded and described by their names and numbers
/// (``ContactCard``), everything else (and what exceeds the per-batch caps, or fails) described. A
/// failure never drops the message: the turn says what could not be processed.
///
/// A new transcript is kept with its staged fragment (``FragmentStage/updateMedia(conversationId:messageSid:media:)``)
/// before the model is called; a retried batch finds it there and neither downloads nor
/// transcribes that voice note again.
struct MediaTurnBuilder {
    var downloader: any MediaDownloader
    var transcriber: (any Transcriber)?
    var stage: any FragmentStage
    var credentials: SenderCredentials
    var settings: EngineSettings
    var vision: Bool
    var transcriptionModel: String
    var apiKey: String
    var clock: any WallClock
    var logger: Logger

    func build(_ fragments: [Fragment]) async -> MediaTurn {
        var turn = MediaTurn()
        var budget = Budget(
            items: settings.media.maxItemsPerBatch, bytes: settings.media.maxBytesPerBatch, audioSeconds: Double(settings.media.maxAudioSecondsPerBatch))
        for fragment in fragments.sorted(by: Fragment.receiveOrder) {
            if !fragment.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                turn.appendText(TextCap.cut(fragment.body, to: settings.maxInboundMessageCharacters))
            }
            if let location = fragment.location { turn.appendText(location.description) }
            var media = fragment.media
            for index in media.indices {
                media[index].transcript = await add(media[index], to: &turn, budget: &budget)
            }
            if media != fragment.media { await keep(media, of: fragment) }
        }
        turn.recordText = TextCap.cut(turn.recordText, to: settings.maxUserTurnCharacters)
        return turn
    }

    struct Budget {
        var items: Int
        var bytes: Int
        var audioSeconds: Double
    }

    /// Writes the fragment's media with its new transcripts; a failure only costs a second
    /// transcription if the batch is retried.
    private func keep(_ media: [MediaItem], of fragment: Fragment) async {
        do {
            try await stage.updateMedia(conversationId: fragment.conversationId, messageSid: fragment.messageSid, media: media)
        } catch {
            logger.warning("voice-note transcript not kept with the fragment", metadata: ["error": "\(error)"])
        }
    }

    /// Adds the item to the turn; returns its transcript (kept or new) for a voice note, else nil.
    private func add(_ item: MediaItem, to turn: inout MediaTurn, budget: inout Budget) async -> String? {
        let kind = MediaKind(contentType: item.contentType)
        if kind == .audio, let kept = item.transcript {
            budget.items -= 1
            turn.appendText(Self.voiceNoteLine(kept))
            return kept
        }
        let processable = switch kind {
        case .image: vision
        case .pdf, .contact: true
        case .audio: transcriber != nil && AudioFileName.isSupported(contentType: item.contentType)
        case .video, .other: false
        }
        guard processable else {
            turn.appendText(MediaKind.description(of: item))
            return nil
        }
        guard budget.items > 0, budget.bytes > 0 else {
            turn.appendText(MediaKind.description(of: item, note: "not processed, over the per-batch media limit"))
            return nil
        }
        budget.items -= 1
        let media: DownloadedMedia
        do {
            let cap = kind == .contact ? ContactCard.maxBytes : settings.media.maxItemBytes
            let limits = MediaDownloadLimits(maxBytes: min(cap, budget.bytes), timeout: downloadTimeout())
            media = try await downloader.download(item, credentials: credentials, limits: limits)
            budget.bytes -= media.data.count
        } catch {
            logger.warning("media could not be downloaded; described instead", metadata: ["type": "\(item.contentType)", "error": "\(error)"])
            turn.appendText(MediaKind.description(of: item, note: "could not be downloaded"))
            return nil
        }
        switch kind {
        case .image:
            turn.append(.image(dataURL: ModelInputPart.dataURL(media)), recordedAs: MediaKind.description(of: item))
            return nil
        case .pdf:
            turn.append(.file(name: "document.pdf", dataURL: ModelInputPart.dataURL(media)), recordedAs: MediaKind.description(of: item))
            return nil
        case .contact:
            turn.appendText(ContactCard.description(of: media.data) ?? MediaKind.description(of: item, note: "could not be read"))
            return nil
        default:
            let seconds = AudioDuration.seconds(of: media)
            guard seconds <= budget.audioSeconds else {
                turn.appendText(MediaKind.description(of: item, note: "\(Int(seconds.rounded())) s, not transcribed, over the per-batch audio limit"))
                return nil
            }
            budget.audioSeconds -= seconds
            return await transcribe(media, item: item, into: &turn)
        }
    }

    static func voiceNoteLine(_ transcript: String) -> String {
        transcript.isEmpty ? "[Voice note: no speech recognised]" : "[Voice note, transcribed]: \(transcript)"
    }

    /// The configured download time, and on Lambda at most half of what the invocation has left:
    /// the model call and the sends still need the rest.
    private func downloadTimeout() -> Duration {
        guard let left = InvocationDeadline.remaining(now: clock.now()) else { return settings.media.downloadTimeout }
        return max(.zero, min(settings.media.downloadTimeout, left / 2))
    }

    /// The transcript (bounded, trimmed) to keep, or nil when there is none to keep: a failed
    /// transcription is tried again by a retried batch.
    private func transcribe(_ media: DownloadedMedia, item: MediaItem, into turn: inout MediaTurn) async -> String? {
        guard let transcriber else {
            turn.appendText(MediaKind.description(of: item))
            return nil
        }
        do {
            let text = try await transcriber.transcribe(
                media, fileName: AudioFileName.of(contentType: media.contentType), model: transcriptionModel, apiKey: apiKey)
            let trimmed = TextCap.cut(text.trimmingCharacters(in: .whitespacesAndNewlines), to: settings.maxInboundMessageCharacters)
            turn.appendText(Self.voiceNoteLine(trimmed))
            return trimmed
        } catch {
            logger.warning("voice note could not be transcribed", metadata: ["type": "\(item.contentType)", "error": "\(error)"])
            turn.appendText("[Voice note that could not be understood]")
            return nil
        }
    }
}
