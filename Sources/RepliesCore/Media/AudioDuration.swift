import Foundation

/// How long a voice note is, for the per-batch audio cap, before paying for its transcription.
///
/// WhatsApp voice notes are Ogg Opus: the last page's granule position counts 48 kHz samples
/// (RFC 7845 §4), so the length is read exactly from the end of the file. For other formats the
/// length is estimated from the size at 16 kbit/s (2,000 bytes a second), a low bitrate for
/// speech, so the estimate errs long and the cap is never exceeded by a mis-estimate.
package enum AudioDuration {
    static let estimatedBytesPerSecond = 2_000

    package static func seconds(of audio: DownloadedMedia) -> Double {
        oggOpusSeconds(audio.data) ?? Double(audio.data.count) / Double(estimatedBytesPerSecond)
    }

    /// Nil unless the data is Ogg with an `OpusHead` first packet and a final page with a granule.
    static func oggOpusSeconds(_ data: Data) -> Double? {
        let bytes = [UInt8](data)
        let capture: [UInt8] = Array("OggS".utf8)
        guard bytes.count >= 27, Array(bytes[0..<4]) == capture else { return nil }
        // First page: 27-byte header, segment table, then the OpusHead packet.
        let segments = Int(bytes[26])
        let firstPacket = 27 + segments
        guard bytes.count >= firstPacket + 8, Array(bytes[firstPacket..<firstPacket + 8]) == Array("OpusHead".utf8) else { return nil }
        // Pre-skip (samples to drop at the start): bytes 10–11 of OpusHead, little-endian.
        let preSkip = bytes.count >= firstPacket + 12 ? Int(bytes[firstPacket + 10]) | Int(bytes[firstPacket + 11]) << 8 : 0
        var index = bytes.count - 27
        while index >= 0 {
            if bytes[index] == capture[0], Array(bytes[index..<index + 4]) == capture {
                var granule: UInt64 = 0
                for offset in (0..<8).reversed() { granule = granule << 8 | UInt64(bytes[index + 6 + offset]) }
                guard granule != UInt64.max else { return nil }
                return max(0, Double(Int64(truncatingIfNeeded: granule) - Int64(preSkip)) / 48_000)
            }
            index -= 1
        }
        return nil
    }
}
