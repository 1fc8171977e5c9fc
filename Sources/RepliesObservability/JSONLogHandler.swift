package import Foundation
package import Logging

/// `LOG_FORMAT=json`: one JSON object per line on standard error, for log pipelines. The same
/// fields as the text logs — `timestamp`, `level`, `label`, `message`, the metadata (under
/// `metadata`) and `source` — and the same content: numbers arrive masked and bodies only at
/// debug, because that is decided where the log call is made, not here.
package struct JSONLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    package init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        write(Self.line(
            timestamp: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged, source: event.source))
    }

    /// One log line (no trailing newline).
    package static func line(
        timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String
    ) -> String {
        var object: [String: Any] = [
            "timestamp": timestamp.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)),
            "level": level.rawValue,
            "label": label,
            "message": message,
            "source": source,
        ]
        if !metadata.isEmpty { object["metadata"] = metadata.mapValues(Self.json) }
        // Strings, arrays and objects of strings only: serialisation cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }

    /// Writes `line` and a newline to standard error in one call, so concurrent lines never interleave.
    package static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
