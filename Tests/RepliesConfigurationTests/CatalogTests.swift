import Foundation
import RepliesConfiguration
import Testing

@Suite("The key catalog and docs/CONFIGURATION.md")
struct CatalogTests {
    @Test("every key has a unique name, a meaning and an expectation")
    func keysAreWellFormed() {
        let keys = ConfigurationCatalog.keys
        #expect(keys.count > 40)
        #expect(Set(keys.map(\.name)).count == keys.count)
        for key in keys {
            #expect(!key.meaning.isEmpty && !key.expected.isEmpty, "\(key.name)")
            #expect(key.name == key.name.uppercased(), "\(key.name) must be an upper-case environment variable name")
        }
    }

    @Test("each default passes its own validation")
    func defaultsAreValid() {
        for key in ConfigurationCatalog.keys where !key.defaultText.isEmpty && !key.defaultText.contains("`") {
            #expect(key.problem(with: key.defaultText) == nil, "\(key.name) default \(key.defaultText)")
        }
    }

    @Test("misspellings suggest the nearest key")
    func suggestions() {
        #expect(ConfigurationCatalog.suggestion(for: "REPLY_LEASE_SECOND") == "REPLY_LEASE_SECONDS")
        #expect(ConfigurationCatalog.suggestion(for: "log_level") == "LOG_LEVEL")
        #expect(ConfigurationCatalog.suggestion(for: "PUBLIC_URL_BASE") == nil || ConfigurationCatalog.suggestion(for: "PUBLIC_URL_BASE") == "PUBLIC_BASE_URL")
        #expect(ConfigurationCatalog.suggestion(for: "COLOUR") == nil)
    }

    /// docs/CONFIGURATION.md is generated; regenerate with
    /// `swift run replies-engine config reference > docs/CONFIGURATION.md`.
    @Test("the committed docs/CONFIGURATION.md is the generated reference")
    func referenceIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/CONFIGURATION.md"), encoding: .utf8)
        let generated = ConfigurationReference.markdown()
        #expect(committed == generated, "docs/CONFIGURATION.md is out of date: run `swift run replies-engine config reference > docs/CONFIGURATION.md`")
        for key in ConfigurationCatalog.keys {
            #expect(generated.contains("| `\(key.name)` |"))
        }
    }
}
