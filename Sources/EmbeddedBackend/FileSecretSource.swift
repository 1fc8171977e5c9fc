import Foundation
import RepliesCore

/// ``SecretSource`` reading `secrets.json` in the data directory:
/// `{"secret-name": {"key": "value", …}, …}`.
///
/// The file is parsed once and parsed again whenever it changes (size, modification time or
/// inode differ), so `seed` or an operator can add tenants without a restart.
///
/// ```swift
/// let secrets = FileSecretSource(directory: dataDirectory)
/// let twilio = try await secrets.secret(named: "twilio/acme")   // ["twilio_account_sid": "AC…", …]
/// ```
public actor FileSecretSource: SecretSource {
    public static let fileName = "secrets.json"

    public nonisolated let path: String
    private var cached: (version: FileVersion, secrets: [String: SecretEntry])?

    public init(directory: String) {
        self.path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    public init(file path: String) {
        self.path = path
    }

    public func secret(named name: String) async throws -> [String: String] {
        switch try currentSecrets()[name] {
        case .valid(let value)?: return value
        case .malformed?: throw SecretError.malformed(name)
        case nil: throw SecretError.notFound(name)
        }
    }

    private func currentSecrets() throws -> [String: SecretEntry] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            // No file: no secret exists yet (`seed` creates it).
            guard FileManager.default.fileExists(atPath: path) else { return [:] }
            throw SecretError.unavailable("cannot read \(path): \(error.localizedDescription)")
        }
        let version = FileVersion(attributes)
        if let cached, cached.version == version { return cached.secrets }
        let parsed = try Self.parse(path)
        cached = (version, parsed)
        return parsed
    }

    private static func parse(_ path: String) throws -> [String: SecretEntry] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SecretError.unavailable("cannot read \(path): \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SecretError.unavailable("\(path) is not a JSON object of secrets ({\"name\": {\"key\": \"value\"}}); fix the file")
        }
        return object.mapValues { value in
            guard let fields = value as? [String: Any] else { return .malformed }
            var strings: [String: String] = [:]
            for (key, field) in fields {
                guard let text = field as? String else { return .malformed }
                strings[key] = text
            }
            return .valid(strings)
        }
    }
}

/// One secret of the file: usable, or present but not an object of strings.
enum SecretEntry: Sendable {
    case valid([String: String])
    case malformed
}

/// What identifies one version of the file without reading it.
struct FileVersion: Hashable, Sendable {
    var modified: Date?
    var size: Int?
    var inode: Int?

    init(_ attributes: [FileAttributeKey: Any]) {
        modified = attributes[.modificationDate] as? Date
        size = (attributes[.size] as? NSNumber)?.intValue
        inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
    }
}
