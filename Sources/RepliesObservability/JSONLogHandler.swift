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
        write(Self.line(
            timestamp: Date(), level: event.level, label: label, message: "\(event.message)",
            metadata: LogMetadata.merged(metadata, provider: metadataProvider, event: event), source: event.source))
    }

    /// One log line (no trailing newline).
    package static func line(
        timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String
    ) -> String {
        var object: [(String, JSONText.Value)] = [
            ("label", .string(label)),
            ("level", .string(level.rawValue)),
            ("message", .string(message)),
        ]
        if !metadata.isEmpty { object.append(("metadata", json(.dictionary(metadata)))) }
        object.append(("source", .string(source)))
        object.append((
            "timestamp",
            .string(timestamp.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))))
        // Keys in sorted order, as every line has them.
        return JSONText.line(.object(object))
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONText.Value {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string("\(convertible)")
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        }
    }

    /// Writes `line` and a newline to standard error in one call, so concurrent lines never interleave.
    package static let standardError: @Sendable (String) -> Void = { line in
        StandardErrorLines.write(Array((line + "\n").utf8))
    }
}
