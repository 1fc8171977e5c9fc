import EmbeddedBackend
import Foundation
import Testing

/// The embedded deployment's own `safety_identifier` key (issue 13 point 13): made once,
/// private to the owner, and kept across restarts.
@Suite struct SafetyKeyFileTests {
    @Test func aKeyIsMadeOnceWithMode0600AndKeptAcrossOpens() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let first = try SafetyKeyFile.loadOrCreate(directory: directory.path)
        #expect(first.count == 32)
        let path = (directory.path as NSString).appendingPathComponent(SafetyKeyFile.fileName)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "readable by others: \(String(mode, radix: 8))")
        #expect(try SafetyKeyFile.loadOrCreate(directory: directory.path) == first)

        let other = TemporaryDirectory()
        defer { other.remove() }
        #expect(try SafetyKeyFile.loadOrCreate(directory: other.path) != first, "each deployment has its own key")
    }

    @Test func aDamagedKeyFileIsRefusedNotReplaced() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = (directory.path as NSString).appendingPathComponent(SafetyKeyFile.fileName)
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        try Data("not hex".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EmbeddedStoreError.self) { try SafetyKeyFile.loadOrCreate(directory: directory.path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not hex")
    }
}
