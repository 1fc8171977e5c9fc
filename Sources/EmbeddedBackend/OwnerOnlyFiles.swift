import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The data directory holds every person's messages and the tenants' credentials: its files are
/// for the engine's own user only (0600; the directory is created 0700).
///
/// ```swift
/// try OwnerOnlyFiles.prepareDatabase(file)            // before SQLite opens it
/// try OwnerOnlyFiles.refuseIfShared(secretsPath)      // before reading credentials
/// ```
enum OwnerOnlyFiles {
    static let fileMode: mode_t = 0o600
    static let directoryMode: mode_t = 0o700
    /// Group and others: read, write, execute.
    static let sharedBits: mode_t = 0o077

    /// Creates the database file 0600 when missing and takes the group/other bits off it and its
    /// `-wal`/`-shm` companions when present. SQLite gives the companions it creates the
    /// database file's own mode, so they follow.
    static func prepareDatabase(_ file: String) throws {
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else {
            throw EmbeddedStoreError.directoryNotWritable(path: file, reason: "cannot create the database file (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
        for path in [file, file + "-wal", file + "-shm"] {
            guard let mode = mode(of: path), mode & sharedBits != 0 else { continue }
            guard chmod(path, fileMode) == 0 else {
                throw EmbeddedStoreError.directoryNotWritable(
                    path: path, reason: "it is readable by others (mode \(octal(mode))) and cannot be made private (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Throws when `path` exists and group or others may read or write it: credentials must not
    /// be shared with other users of the machine, and the fix is the owner's decision.
    static func refuseIfShared(_ path: String) throws {
        guard let mode = mode(of: path), mode & sharedBits != 0 else { return }
        throw EmbeddedStoreError.secretsFileShared(path: path, mode: octal(mode))
    }

    /// Whether group or others may enter or list `directory` (nil when it cannot be read).
    static func isShared(directory: String) -> Bool {
        guard let mode = mode(of: directory) else { return false }
        return mode & sharedBits != 0
    }

    /// The permission bits of `path`, nil when it does not exist.
    static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    static func octal(_ mode: mode_t) -> String {
        "0" + String(mode, radix: 8)
    }
}
