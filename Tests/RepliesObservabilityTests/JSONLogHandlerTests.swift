import Foundation
import Logging
import RepliesObservability
import Synchronization
import Testing

@Suite struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let value = Mutex<[String]>([])
    }

    @Test func eachLogCallIsOneJSONObjectWithTheTextLogsFields() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "replies-engine") { line in lines.value.withLock { $0.append(line) } }
        handler.logLevel = .info
        handler[metadataKey: "delivery"] = "d-1"
        let logger = Logger(label: "replies-engine", factory: { _ in handler })
        logger.info("webhook handled", metadata: ["outcome": "accepted", "from": "+44******0123", "parts": .array(["a", "b"])])
        logger.debug("not at info")

        let written = lines.value.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "replies-engine")
        #expect(object["message"] as? String == "webhook handled")
        #expect((object["timestamp"] as? String)?.hasSuffix("Z") == true)
        #expect(object["source"] != nil)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["outcome"] as? String == "accepted")
        #expect(metadata["from"] as? String == "+44******0123")
        #expect(metadata["delivery"] as? String == "d-1")
        #expect(metadata["parts"] as? [String] == ["a", "b"])
    }

    @Test func anErrorPassedToTheCallIsInTheMetadata() throws {
        struct Refused: Error {}
        let lines = Lines()
        let handler = JSONLogHandler(label: "replies-engine") { line in lines.value.withLock { $0.append(line) } }
        Logger(label: "replies-engine", factory: { _ in handler }).error("could not be stored", error: Refused())
        let line = try #require(lines.value.withLock { $0.first })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["error.message"] as? String == "Refused()")
        #expect((metadata["error.type"] as? String)?.hasSuffix("Refused") == true)
    }

    @Test func messagesAndMetadataThatNeedEscapingParseBack() throws {
        let lines = Lines()
        let handler = JSONLogHandler(label: "replies-engine") { line in lines.value.withLock { $0.append(line) } }
        let logger = Logger(label: "replies-engine", factory: { _ in handler })
        let odd = "say \"hi\"\\ a/b\r\n\t\u{7}ü"
        logger.error("\(odd)", metadata: ["reason": "\(odd)", "nested": .dictionary(["z": "1", "a": .array([.string(odd)])])])

        let line = try #require(lines.value.withLock { $0.first })
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == odd)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["reason"] as? String == odd)
        let nested = try #require(metadata["nested"] as? [String: Any])
        #expect(nested["z"] as? String == "1")
        #expect(nested["a"] as? [String] == [odd])
    }
}
