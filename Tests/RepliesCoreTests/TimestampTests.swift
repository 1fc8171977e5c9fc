import Foundation
import RepliesCore
import Testing

@Suite("Timestamp")
struct TimestampTests {
    /// Every form the template sender, the original engine and we have written, with its instant.
    @Test(arguments: [
        ("2025-05-01T10:02:31.401Z", 1_746_093_751.401),                   // ours
        ("2025-05-01T09:30:12.345678+00:00Z", 1_746_091_812.345678),       // template sender created_at (malformed)
        ("2025-05-01T09:30:12+00:00Z", 1_746_091_812.0),                   // same, Python's whole-second isoformat
        ("2025-05-01T10:02:31.402113+00:00", 1_746_093_751.402113),        // updated_at / message timestamps
        ("2025-05-01T09:30:00Z", 1_746_091_800.0),                         // initial_request_timestamp
        ("2025-05-01T09:30:00", 1_746_091_800.0),                          // naive: read as UTC
        ("2025-05-01T09:30:00.5", 1_746_091_800.5),                        // naive with a fraction
        ("2025-05-01T11:30:00+02:00", 1_746_091_800.0),                    // positive offset
        ("2025-05-01T04:00:00-05:30", 1_746_091_800.0),                    // negative offset with minutes
        ("2025-05-01T09:30:00.1+00:00", 1_746_091_800.1),                  // one fraction digit
        ("2025-05-01T09:30:00z", 1_746_091_800.0),                         // lower-case zone
        ("  2025-05-01T09:30:00Z ", 1_746_091_800.0),                      // surrounding blanks
    ])
    func parsesEveryKnownForm(text: String, epochSeconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - epochSeconds) < 0.000_001)
    }

    @Test(arguments: [
        "", "not a date", "2025-05-01", "2025-05-01T09:30", "2025-05-01T09:30:12.Z", "2025-05-01T09:30:12.abcZ",
        "2025/05/01T09:30:12Z", "2025-05-01T09:30:12+0000", "2025-05-01T09:30:12.5.5Z", "T09:30:12Z",
    ])
    func rejectsWhatIsNotADate(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsUTCWithMillisecondsAndZ() {
        let date = Timestamp.date(epochMilliseconds: 1_746_093_751_401)
        #expect(Timestamp.format(date) == "2025-05-01T10:02:31.401Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_746_091_800)) == "2025-05-01T09:30:00.000Z")
    }

    /// Most milliseconds have no exact binary form (….919 is held as ….91899…): the text must
    /// still name the intended millisecond, and survive a parse.
    @Test func formattingKeepsTheExactMillisecond() throws {
        var mismatches: [String] = []
        for step in 0..<5_000 {
            let milliseconds: Int64 = 1_767_225_600_000 + Int64(step) * 7_919
            let date = Timestamp.date(epochMilliseconds: milliseconds)
            let text = Timestamp.format(date)
            let expected = String(milliseconds % 1000)
            if !text.hasSuffix("." + String(repeating: "0", count: 3 - expected.count) + expected + "Z") {
                mismatches.append("\(milliseconds) → \(text)")
            }
            let parsed = try #require(Timestamp.parse(text))
            if Timestamp.epochMilliseconds(parsed) != milliseconds { mismatches.append("\(text) parses to \(Timestamp.epochMilliseconds(parsed))") }
            if Timestamp.format(parsed) != text { mismatches.append("\(text) re-formats as \(Timestamp.format(parsed))") }
        }
        #expect(mismatches.count == 0, "e.g. \(mismatches.prefix(3))")
    }

    @Test func epochMillisecondsRoundTripAndTruncateSubMilliseconds() {
        for milliseconds: Int64 in [0, 1, 999, 1_746_093_751_401, 1_767_225_600_123] {
            #expect(Timestamp.epochMilliseconds(Timestamp.date(epochMilliseconds: milliseconds)) == milliseconds)
        }
        #expect(Timestamp.epochMilliseconds(Date(timeIntervalSince1970: 1_767_225_600.123_9)) == 1_767_225_600_123)
    }

    @Test func microsecondTemplateSenderTimesParseToTheirMillisecond() throws {
        let date = try #require(Timestamp.parse("2025-05-01T09:30:12.345678+00:00Z"))
        #expect(Timestamp.epochMilliseconds(date) == 1_746_091_812_345)
        #expect(Timestamp.format(date) == "2025-05-01T09:30:12.345Z")
    }
}
