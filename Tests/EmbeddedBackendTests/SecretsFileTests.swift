import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// `secrets.json`: reading, re-reading after changes, 0600 writes, and typed errors.
@Suite struct SecretsFileTests {
    let twilio = ["twilio_account_sid": "AC" + String(repeating: "0", count: 32), "twilio_auth_token": "fake-token-1"]

    private func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        try await body(directory.path)
    }

    @Test func aMissingFileMeansTheSecretDoesNotExist() async throws {
        try await withDirectory { path in
            await #expect(throws: SecretError.notFound("twilio/acme")) {
                _ = try await FileSecretSource(directory: path).secret(named: "twilio/acme")
            }
        }
    }

    @Test func writtenSecretsAreReadBackAndTheFileIsPrivate() async throws {
        try await withDirectory { path in
            let writer = SecretsFileWriter(directory: path)
            try writer.write(twilio, named: "twilio/acme")
            try writer.write(["ai_api_key": "sk-fake-0000"], named: "openai/acme")

            let source = FileSecretSource(directory: path)
            #expect(try await source.secret(named: "twilio/acme") == twilio)
            #expect(try await source.secret(named: "openai/acme") == ["ai_api_key": "sk-fake-0000"])
            await #expect(throws: SecretError.notFound("other")) { _ = try await source.secret(named: "other") }

            let attributes = try FileManager.default.attributesOfItem(atPath: writer.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aChangedFileIsReadAgain() async throws {
        try await withDirectory { path in
            let writer = SecretsFileWriter(directory: path)
            let source = FileSecretSource(directory: path)
            try writer.write(twilio, named: "twilio/acme")
            #expect(try await source.secret(named: "twilio/acme")["twilio_auth_token"] == "fake-token-1")

            var rotated = twilio
            rotated["twilio_auth_token"] = "fake-token-2"
            try writer.write(rotated, named: "twilio/acme")
            #expect(try await source.secret(named: "twilio/acme")["twilio_auth_token"] == "fake-token-2")

            // An edit in place (same inode, same size, maybe the same second) is seen too.
            let text = try String(contentsOfFile: writer.path, encoding: .utf8).replacingOccurrences(of: "fake-token-2", with: "fake-token-3")
            try text.write(toFile: writer.path, atomically: false, encoding: .utf8)
            #expect(try await source.secret(named: "twilio/acme")["twilio_auth_token"] == "fake-token-3")
        }
    }

    @Test func aSecretThatIsNotAnObjectOfStringsIsMalformed() async throws {
        try await withDirectory { path in
            let file = (path as NSString).appendingPathComponent(FileSecretSource.fileName)
            try #"{"numbers": {"port": 5}, "text": "plain", "good": {"k": "v"}}"#.write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let source = FileSecretSource(directory: path)
            await #expect(throws: SecretError.malformed("numbers")) { _ = try await source.secret(named: "numbers") }
            await #expect(throws: SecretError.malformed("text")) { _ = try await source.secret(named: "text") }
            #expect(try await source.secret(named: "good") == ["k": "v"])
        }
    }

    @Test func aFileOthersCanReadIsNotReadAndSaysTheChmod() async throws {
        try await withDirectory { path in
            let file = (path as NSString).appendingPathComponent(FileSecretSource.fileName)
            try #"{"good": {"k": "v"}}"#.write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            let source = FileSecretSource(directory: path)
            await #expect(throws: SecretError.unavailable(
                "the secrets file '\(file)' is readable by other users (mode 0644); make it private with: chmod 600 '\(file)'")) {
                _ = try await source.secret(named: "good")
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            #expect(try await source.secret(named: "good") == ["k": "v"])
        }
    }

    @Test func aFileThatIsNotJsonMakesTheSourceUnavailable() async throws {
        try await withDirectory { path in
            let file = (path as NSString).appendingPathComponent(FileSecretSource.fileName)
            try "not json".write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let error = await #expect(throws: SecretError.self) { _ = try await FileSecretSource(directory: path).secret(named: "x") }
            guard case .unavailable(let detail)? = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(detail.contains(FileSecretSource.fileName))
            #expect(!detail.contains("not json"), "file contents never appear in errors")

            // The writer refuses to overwrite what it cannot understand.
            #expect(throws: SecretsFileError.existingFileMalformed(path: file)) {
                try SecretsFileWriter(directory: path).write(["k": "v"], named: "x")
            }
        }
    }

    @Test func anUnreadableFileMakesTheSourceUnavailable() async throws {
        try await withDirectory { path in
            // A directory where the file should be cannot be read, even by root.
            let file = (path as NSString).appendingPathComponent(FileSecretSource.fileName)
            try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: true)
            let error = await #expect(throws: SecretError.self) { _ = try await FileSecretSource(directory: path).secret(named: "x") }
            #expect(error.map(RetryDisposition.of) == .transient(retryAfter: nil))
            #expect(throws: SecretsFileError.self) { try SecretsFileWriter(directory: path).write(["k": "v"], named: "x") }
        }
    }
}
