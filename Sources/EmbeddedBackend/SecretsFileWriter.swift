import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes secrets into the data directory's `secrets.json` (used by `seed`).
///
/// The file is replaced atomically (a new file, fsynced, renamed over the old one) and is created
/// with mode 0600 from the start, so no reader ever sees it half-written or world-readable.
///
/// ```swift
/// let writer = SecretsFileWriter(directory: dataDirectory)
/// try writer.write(["twilio_account_sid": "AC00000000000000000000000000000000", "twilio_auth_token": "test-token"],
///                  named: "twilio/acme")
/// ```
package struct SecretsFileWriter: Sendable {
    package let path: String

    package init(directory: String) {
        self.path = (directory as NSString).appendingPathComponent(FileSecretSource.fileName)
    }

    package init(file path: String) {
        self.path = path
    }

    /// Adds or replaces one secret, keeping the others.
    package func write(_ value: [String: String], named name: String) throws(SecretsFileError) {
        try write([name: value])
    }

    /// Adds or replaces several secrets, keeping the others.
    package func write(_ secrets: [String: [String: String]]) throws(SecretsFileError) {
        try stage(secrets).install()
    }

    /// Writes the file that adds or replaces `secrets` beside the current one (fsynced, mode
    /// 0600) without installing it: `seed` installs it only once its records are committed, so
    /// a failed seed leaves the secrets as they were.
    package func stage(_ secrets: [String: [String: String]]) throws(SecretsFileError) -> StagedSecretsFile {
        var object = try existing()
        for (name, value) in secrets { object[name] = value }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        } catch {
            throw .unwritable(path: path, reason: "cannot encode secrets: \(error)")
        }
        return StagedSecretsFile(temporary: try writeTemporary(data), path: path)
    }

    private func existing() throws(SecretsFileError) -> [String: Any] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unwritable(path: path, reason: "the existing file cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .existingFileMalformed(path: path)
        }
        return object
    }

    /// A new file beside ``path`` holding `data`, synced to disk; returns its path.
    private func writeTemporary(_ data: Data) throws(SecretsFileError) -> String {
        let temporary = path + ".tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, OwnerOnlyFiles.fileMode)
        guard descriptor >= 0 else { throw .unwritable(path: temporary, reason: Self.lastError()) }
        let written = data.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let result = posixWrite(descriptor, base + offset, buffer.count - offset)
                if result <= 0 { return offset }
                offset += result
            }
            return offset
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced else {
            unlink(temporary)
            throw .unwritable(path: temporary, reason: Self.lastError())
        }
        return temporary
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// A secrets file written beside `secrets.json` but not yet in its place.
///
/// ```swift
/// let staged = try writer.stage(["twilio/acme": ["twilio_auth_token": "…"]])
/// do { try commitRecords(); try staged.install() } catch { staged.discard(); throw error }
/// ```
package struct StagedSecretsFile: Sendable {
    let temporary: String
    let path: String

    /// Renames the staged file over `secrets.json` (atomic: readers see the old or the new file).
    package func install() throws(SecretsFileError) {
        guard rename(temporary, path) == 0 else {
            let reason = SecretsFileWriter.lastError()
            unlink(temporary)
            throw .unwritable(path: path, reason: reason)
        }
    }

    /// Removes the staged file; `secrets.json` stays as it was.
    package func discard() {
        unlink(temporary)
    }
}

/// `write(2)`, named apart from `SecretsFileWriter.write`.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}

/// Why the secrets file could not be written.
package enum SecretsFileError: Error, Hashable, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    case existingFileMalformed(path: String)

    package var description: String {
        switch self {
        case .unwritable(let path, let reason):
            "cannot write secrets file '\(path)': \(reason); check the data directory's permissions"
        case .existingFileMalformed(let path):
            "existing secrets file '\(path)' is not a JSON object of secrets; fix or remove it first"
        }
    }
}
