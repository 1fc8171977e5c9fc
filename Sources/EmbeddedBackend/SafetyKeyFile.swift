import Foundation

/// The embedded deployment's `safety_identifier` key when `OPENAI_SAFETY_IDENTIFIER_KEY` is not
/// set: 32 random bytes kept (hex) in `safety-identifier.key` in the data directory, created
/// once with mode 0600, so ids stay stable across restarts and differ between deployments.
///
/// ```swift
/// let key = try SafetyKeyFile.loadOrCreate(directory: dataDirectory)   // 32 bytes
/// ```
package enum SafetyKeyFile {
    package static let fileName = "safety-identifier.key"

    package static func loadOrCreate(directory: String) throws -> [UInt8] {
        let path = (directory as NSString).appendingPathComponent(fileName)
        // An existing key is only read: the directory's write probe is for creating one.
        if let existing = FileManager.default.contents(atPath: path) {
            let text = String(decoding: existing, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = hexBytes(text), bytes.count >= 16 else {
                throw EmbeddedStoreError.directoryNotWritable(
                    path: path, reason: "it is not a hex key of at least 16 bytes; delete it to have a new one made")
            }
            return bytes
        }
        try DataDirectory.prepare(directory)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = bytes.map { String(format: "%02x", $0) }.joined() + "\n"
        // Created exclusively: two processes starting together keep whichever key won.
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: Int(OwnerOnlyFiles.fileMode)]) else {
            throw EmbeddedStoreError.directoryNotWritable(path: path, reason: "cannot create the safety identifier key")
        }
        return bytes
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0, !characters.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < characters.count {
            guard let byte = UInt8(String(decoding: characters[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}
