import InMemoryBackend
import RepliesCore
import Testing
import Foundation

@Suite("ReplySplitter")
struct ReplySplitterTests {
    /// Everything but white space survives the split, in order.
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    static func expectWellFormed(_ parts: [String], from text: String, limit: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!parts.isEmpty, sourceLocation: sourceLocation)
        for part in parts {
            #expect(part.utf16.count <= limit, "part of \(part.utf16.count) UTF-16 units", sourceLocation: sourceLocation)
            #expect(!part.isEmpty, sourceLocation: sourceLocation)
            #expect(part == part.trimmingCharacters(in: .whitespacesAndNewlines), sourceLocation: sourceLocation)
        }
        #expect(squeezed(parts.joined()) == squeezed(text), "content lost or reordered", sourceLocation: sourceLocation)
    }

    @Test func shortReplyIsOnePartTrimmed() {
        #expect(ReplySplitter.split("  Great, 9am works.  \n") == ["Great, 9am works."])
        let exact = String(repeating: "a", count: 1600)
        #expect(ReplySplitter.split(exact) == [exact])
    }

    @Test func emptyOrBlankReplyHasNoParts() {
        #expect(ReplySplitter.split("").isEmpty)
        #expect(ReplySplitter.split(" \n\t ").isEmpty)
    }

    @Test func longReplySplitsOnSentenceBoundaries() {
        let sentence = "This sentence is exactly about sixty characters long, ok. "
        let text = String(repeating: sentence, count: 60)  // ≈ 3500 characters
        let parts = ReplySplitter.split(text)
        Self.expectWellFormed(parts, from: text, limit: 1600)
        #expect(parts.count == 3)
        for part in parts { #expect(part.hasSuffix("ok."), "cut inside a sentence: …\(part.suffix(20))") }
    }

    @Test func questionMarksExclamationsEllipsesAndNewlinesAreBoundaries() {
        let text = "Is 9am fine? Yes! Then… we meet.\nSee you"
        let parts = ReplySplitter.split(text, limit: 20)
        Self.expectWellFormed(parts, from: text, limit: 20)
        #expect(parts == ["Is 9am fine? Yes!", "Then… we meet.", "See you"])
    }

    @Test func aSentenceLongerThanTheLimitIsCutAtSpaces() {
        let text = (1...40).map { "word\($0)" }.joined(separator: " ")
        let parts = ReplySplitter.split(text, limit: 50)
        Self.expectWellFormed(parts, from: text, limit: 50)
        for part in parts { #expect(!part.hasPrefix("ord"), "a word was cut: \(part)") }
        #expect(parts.joined(separator: " ") == text)
    }

    @Test func aWordLongerThanTheLimitIsCutAtCharacters() {
        let word = String(repeating: "x", count: 4000)
        let parts = ReplySplitter.split("Link: \(word) end.")
        Self.expectWellFormed(parts, from: "Link: \(word) end.", limit: 1600)
        #expect(parts.contains { $0.utf16.count == 1600 })
    }

    @Test func emojiAreCountedInUTF16UnitsAndNeverCut() {
        let text = String(repeating: "😀", count: 1000)  // 1000 characters, 2000 UTF-16 units
        let parts = ReplySplitter.split(text)
        Self.expectWellFormed(parts, from: text, limit: 1600)
        #expect(parts.count == 2)
        for part in parts { #expect(part.allSatisfy { $0 == "😀" }) }

        let family = "👨‍👩‍👧‍👦"  // one character, 11 UTF-16 units
        let families = String(repeating: family, count: 200)
        let familyParts = ReplySplitter.split(families)
        Self.expectWellFormed(familyParts, from: families, limit: 1600)
        for part in familyParts { #expect(part.allSatisfy { $0 == Character(family) }) }
    }

    /// A single character longer than the limit (a base letter with many combining marks) must
    /// still end up in parts, rather than stall the splitter.
    @Test func aCharacterLongerThanTheLimitStillTerminates() {
        let zalgo = "a" + String(repeating: "\u{0301}", count: 30)
        let text = "ok " + zalgo + " end"
        Self.expectWellFormed(ReplySplitter.split(text, limit: 10), from: text, limit: 10)
        let long = String(repeating: "Z" + String(repeating: "\u{0308}", count: 2_000) + " ", count: 2)
        Self.expectWellFormed(ReplySplitter.split(long), from: long, limit: 1600)
    }

    @Test func generatedTextsKeepEveryInvariant() {
        var generator = SplitMix64(seed: 7)
        let pieces = ["Hello", "there.", "How", "are", "you?", "Fine!", "😀", "ü", "\n", "naïve", "…", "a-very-long-token-without-spaces-0123456789"]
        for limit in [25, 60, 160, 1600] {
            for _ in 0..<40 {
                let count = Int(generator.next() % 700)
                let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined(separator: " ")
                let parts = ReplySplitter.split(text, limit: limit)
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    #expect(parts.isEmpty)
                } else {
                    Self.expectWellFormed(parts, from: text, limit: limit)
                }
            }
        }
    }
}

