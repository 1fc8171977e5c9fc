import Foundation

/// What a `--config` file may contain: one flat JSON object whose keys are all known and whose
/// values are strings, numbers, booleans or null. Checked before the file provider reads it, so
/// a typo is refused (with the nearest key) instead of being silently ignored.
enum ConfigFileCheck {
    static func check(_ path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableFile(path: path) }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .malformedFile(path: path, reason: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw .malformedFile(path: path, reason: "the top level is not an object") }
        var errors: [ConfigurationError] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard ConfigurationCatalog.key(named: key) != nil else {
                errors.append(.unknownKey(key: key, file: path, suggestion: ConfigurationCatalog.suggestion(for: key)))
                continue
            }
            switch value {
            case is String, is NSNumber, is NSNull: continue
            default: errors.append(.malformedFile(path: path, reason: "\(key) must be a string, number or boolean"))
            }
        }
        if errors.count == 1, let only = errors.first { throw only }
        if !errors.isEmpty { throw .several(errors) }
    }
}
