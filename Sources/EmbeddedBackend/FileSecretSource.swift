import Foundation
import RepliesCore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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
package actor FileSecretSource: SecretSource {
    package static let fileName = "secrets.json"

    package nonisolated let path: String
    private var cached: (version: FileVersion, secrets: [String: SecretEntry])?

    package init(directory: String) {
        self.path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    package init(file path: String) {
        self.path = path
    }

    package func secret(named name: String) async throws -> [String: String] {
        switch try currentSecrets()[name] {
        case .valid(let value)?: return value
        case .malformed?: throw SecretError.malformed(name)
        case nil: throw SecretError.notFound(name)
        }
    }

    private func currentSecrets() throws -> [String: SecretEntry] {
        let version: FileVersion
        switch FileVersion.of(path) {
        case .success(let found): version = found
        // No file: no secret exists yet (`seed` creates it).
        case .failure(let failure) where failure.code == ENOENT: return [:]
        case .failure(let failure): throw SecretError.unavailable("cannot read \(path): \(String(cString: strerror(failure.code)))")
        }
        if let cached, cached.version == version { return cached.secrets }
        do {
            try OwnerOnlyFiles.refuseIfShared(path)
        } catch {
            // Transient: the batch waits for the owner's chmod instead of failing for good.
            throw SecretError.unavailable("\(error)")
        }
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
///
/// One `stat` call: it runs for every webhook, and `FileManager.attributesOfItem` would also
/// build a dictionary and look up the owner's user and group names each time.
struct FileVersion: Hashable, Sendable {
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var size: Int64
    var inode: UInt64

    /// The `errno` of a failed `stat`.
    struct StatFailure: Error {
        var code: Int32
    }

    static func of(_ path: String) -> Result<FileVersion, StatFailure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(StatFailure(code: errno)) }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return .success(FileVersion(
            modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec),
            size: Int64(info.st_size), inode: UInt64(info.st_ino)))
    }
}
