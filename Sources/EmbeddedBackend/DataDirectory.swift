import Foundation

/// Creates the data directory and proves it is writable before SQLite touches it, so a bad
/// `REPLIES_DATA_DIR` fails at start with a message naming the path.
enum DataDirectory {
    static func prepare(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw EmbeddedStoreError.directoryNotWritable(path: path, reason: "it exists and is not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(OwnerOnlyFiles.directoryMode)])
            } catch {
                throw EmbeddedStoreError.directoryNotWritable(path: path, reason: "cannot create it (\(error.localizedDescription))")
            }
        }
        let probe = (path as NSString).appendingPathComponent(".write-probe-\(UUID().uuidString)")
        guard manager.createFile(atPath: probe, contents: Data()) else {
            throw EmbeddedStoreError.directoryNotWritable(path: path, reason: "cannot create a file in it")
        }
        try? manager.removeItem(atPath: probe)
    }
}
