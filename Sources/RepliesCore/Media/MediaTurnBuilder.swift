import Foundation
import Logging

/// Resolves a batch's media into a ``MediaTurn``, in receive order: images (when
/// `ai_config.vision` allows) and PDFs downloaded and passed as parts, voice notes downloaded and
/// transcribed, everything else (and what exceeds the per-batch caps, or fails) described. A
/// failure never drops the message: the turn says what could not be processed.
struct MediaTurnBuilder {
    var downloader: any MediaDownloader
    var transcriber: (any Transcriber)?
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
            for item in fragment.media {
                await add(item, to: &turn, budget: &budget)
            }
        }
        turn.recordText = TextCap.cut(turn.recordText, to: settings.maxUserTurnCharacters)
        return turn
    }

    struct Budget {
        var items: Int
        var bytes: Int
        var audioSeconds: Double
    }

    private func add(_ item: MediaItem, to turn: inout MediaTurn, budget: inout Budget) async {
        let kind = MediaKind(contentType: item.contentType)
        let processable = switch kind {
        case .image: vision
        case .pdf: true
        case .audio: transcriber != nil && AudioFileName.isSupported(contentType: item.contentType)
        case .video, .contact, .other: false
        }
        guard processable else { return turn.appendText(MediaKind.description(of: item)) }
        guard budget.items > 0, budget.bytes > 0 else {
            return turn.appendText(MediaKind.description(of: item, note: "not processed, over the per-batch media limit"))
        }
        budget.items -= 1
        let media: DownloadedMedia
        do {
            let limits = MediaDownloadLimits(maxBytes: min(settings.media.maxItemBytes, budget.bytes), timeout: downloadTimeout())
            media = try await downloader.download(item, credentials: credentials, limits: limits)
            budget.bytes -= media.data.count
        } catch {
            logger.warning("media could not be downloaded; described instead", metadata: ["type": "\(item.contentType)", "error": "\(error)"])
            return turn.appendText(MediaKind.description(of: item, note: "could not be downloaded"))
        }
        switch kind {
        case .image:
            turn.append(.image(dataURL: ModelInputPart.dataURL(media)), recordedAs: MediaKind.description(of: item))
        case .pdf:
            turn.append(.file(name: "document.pdf", dataURL: ModelInputPart.dataURL(media)), recordedAs: MediaKind.description(of: item))
        default:
            let seconds = AudioDuration.seconds(of: media)
            guard seconds <= budget.audioSeconds else {
                return turn.appendText(MediaKind.description(of: item, note: "\(Int(seconds.rounded())) s, not transcribed, over the per-batch audio limit"))
            }
            budget.audioSeconds -= seconds
            await transcribe(media, item: item, into: &turn)
            return
        }
    }

    /// The configured download time, and on Lambda at most half of what the invocation has left:
    /// the model call and the sends still need the rest.
    private func downloadTimeout() -> Duration {
        guard let left = InvocationDeadline.remaining(now: clock.now()) else { return settings.media.downloadTimeout }
        return max(.zero, min(settings.media.downloadTimeout, left / 2))
    }

    private func transcribe(_ media: DownloadedMedia, item: MediaItem, into turn: inout MediaTurn) async {
        guard let transcriber else { return turn.appendText(MediaKind.description(of: item)) }
        do {
            let text = try await transcriber.transcribe(
                media, fileName: AudioFileName.of(contentType: media.contentType), model: transcriptionModel, apiKey: apiKey)
            let trimmed = TextCap.cut(text.trimmingCharacters(in: .whitespacesAndNewlines), to: settings.maxInboundMessageCharacters)
            turn.appendText(trimmed.isEmpty ? "[Voice note: no speech recognised]" : "[Voice note, transcribed]: \(trimmed)")
        } catch {
            logger.warning("voice note could not be transcribed", metadata: ["type": "\(item.contentType)", "error": "\(error)"])
            turn.appendText("[Voice note that could not be understood]")
        }
    }
}
