import Foundation
import Logging
import RepliesObservability
import Synchronization
import Testing

/// The text logs keep swift-log's `StreamLogHandler` layout, which operators and the docs know.
@Suite struct TextLogHandlerTests {
    final class Lines: Sendable {
        let value = Mutex<[String]>([])
    }

    /// `StreamLogHandler.log(event:)`'s own interpolation (swift-log 1.x, Handlers/StreamLogHandler.swift),
    /// with its metadata prettified as it does: sorted by key, `key=value`, joined by spaces.
    private static func streamLogHandlerLine(
        timestamp: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String
    ) -> String {
        let prettyMetadata: String? = metadata.isEmpty
            ? nil : metadata.lazy.sorted(by: { $0.key < $1.key }).map { "\($0)=\($1)" }.joined(separator: " ")
        return "\(timestamp) \(level)\(label.isEmpty ? "" : " ")\(label):\(prettyMetadata.map { " \($0)" } ?? "") [\(source)] \(message)\n"
    }

    @Test(arguments: [
        ("replies-engine", ["outcome": "accepted", "from": "+44******0123", "message_sid": "SM1"] as Logger.Metadata),
        ("replies-engine", [:]),
        ("", ["b": "2", "a": .array(["x", "y"]), "c": .dictionary(["k": "v"])]),
    ])
    func linesAreLaidOutAsStreamLogHandlerLaysThemOut(label: String, metadata: Logger.Metadata) {
        for level in Logger.Level.allCases {
            let ours = TextLogHandler.line(
                timestamp: "2026-11-30T19:37:10+0000", level: level, label: label, message: "webhook handled ü",
                metadata: metadata, source: "RepliesCore")
            let theirs = Self.streamLogHandlerLine(
                timestamp: "2026-11-30T19:37:10+0000", level: level, label: label, message: "webhook handled ü",
                metadata: metadata, source: "RepliesCore")
            #expect(String(decoding: ours, as: UTF8.self) == theirs)
        }
    }

    @Test func aLogCallIsOneLineWithHandlerMetadataTheErrorAndALocalTimestamp() throws {
        struct Refused: Error {}
        let lines = Lines()
        var handler = TextLogHandler(label: "replies-engine") { line in lines.value.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }
        handler[metadataKey: "hb.request.id"] = "r-1"
        let logger = Logger(label: "replies-engine", factory: { _ in handler })
        logger.info("webhook handled", metadata: ["outcome": "accepted"])
        logger.debug("not at info")
        logger.error("could not be stored", error: Refused())

        let written = lines.value.withLock { $0 }
        #expect(written.count == 2)
        let first = try #require(written.first)
        #expect(first.hasSuffix(" info replies-engine: hb.request.id=r-1 outcome=accepted [RepliesObservabilityTests] webhook handled\n"))
        let timestamp = String(first.prefix { $0 != " " })
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}/) != nil, "\(timestamp)")
        let second = try #require(written.last)
        #expect(second.contains(" error replies-engine: error.message=Refused() error.type="))
        #expect(second.hasSuffix("hb.request.id=r-1 [RepliesObservabilityTests] could not be stored\n"))
    }
}
