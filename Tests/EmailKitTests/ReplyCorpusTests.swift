import EmailKit
import Foundation
import Testing

/// The quoted-text stripper on a corpus of real-world reply formats (`Corpus/`): each
/// `<case>.txt` (plain text) or `<case>.html` body must give `<case>.expected.txt`. The formats
/// follow what the named clients write: Gmail, Outlook desktop/web/mobile, Apple Mail, Thunderbird,
/// Yahoo, plain `>` quoting, top- and bottom-posting, inline answers, and the reply headers of
/// French, German, Spanish, Dutch, Portuguese, Italian and Norwegian clients.
@Suite struct ReplyCorpusTests {
    static let folder = Bundle.module.url(forResource: "Corpus", withExtension: nil)

    static var cases: [String] {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { ($0.hasSuffix(".txt") && !$0.hasSuffix(".expected.txt")) || $0.hasSuffix(".html") }.sorted()
    }

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func extractsTheNewText(_ file: String) throws {
        let folder = try #require(Self.folder)
        let source = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
        let name = file.components(separatedBy: ".").dropLast().joined(separator: ".")
        let expected = try String(contentsOf: folder.appending(path: "\(name).expected.txt"), encoding: .utf8)
        let actual = file.hasSuffix(".html") ? ReplyText.newText(html: source) : ReplyText.newText(plain: source)
        #expect(actual == expected, "\(file)")
    }
}
