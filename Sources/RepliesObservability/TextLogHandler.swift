import Foundation
package import Logging

/// The text logs (`LOG_FORMAT=text`, the default) on standard error, in the format of swift-log's
/// `StreamLogHandler` —
/// `2026-11-30T19:37:10+0000 info replies-engine: key=value key2=value2 [Module] message` —
/// written with less work per line: `serve` logs one line per webhook, and the stock handler's
/// `strftime` per line, sorted-and-joined metadata strings and interpolated line showed at
/// ≈ 9 % of a webhook's CPU. Here the timestamp is formatted once per second and the line is
/// assembled in one byte buffer and written in one call (so concurrent lines never interleave).
package struct TextLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable ([UInt8]) -> Void

    package init(label: String, write: @escaping @Sendable ([UInt8]) -> Void = TextLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        write(Self.line(
            timestamp: Self.clock.now(), level: event.level, label: label, message: "\(event.message)",
            metadata: LogMetadata.merged(metadata, provider: metadataProvider, event: event), source: event.source))
    }

    /// One log line, newline included: `StreamLogHandler`'s layout, metadata sorted by key.
    package static func line(
        timestamp: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String
    ) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(128 + message.utf8.count)
        line += timestamp.utf8
        line.append(UInt8(ascii: " "))
        line += level.rawValue.utf8
        if !label.isEmpty {
            line.append(UInt8(ascii: " "))
            line += label.utf8
        }
        line.append(UInt8(ascii: ":"))
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line.append(UInt8(ascii: " "))
            line += key.utf8
            line.append(UInt8(ascii: "="))
            line += value.description.utf8
        }
        line += " [".utf8
        line += source.utf8
        line += "] ".utf8
        line += message.utf8
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Writes `line` to standard error in one call.
    package static let standardError: @Sendable ([UInt8]) -> Void = { StandardErrorLines.write($0) }

    static let clock = SecondClock()
}

/// Local time as `2026-11-30T19:37:10+0000`, formatted again only when the second changes.
final class SecondClock: @unchecked Sendable {
    // Guards `second` and `text` (NSLock, as elsewhere in the engine).
    private let lock = NSLock()
    private var second: time_t = -1
    private var text = ""

    func now() -> String {
        var now = time(nil)
        if let known = lock.withLock({ second == now ? text : nil }) { return known }
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let formatted = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        lock.withLock {
            second = now
            text = formatted
        }
        return formatted
    }
}
