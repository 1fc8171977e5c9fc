/// Decoding helpers that turn a missing, null or wrongly typed field into "absent", so an event
/// with extra or missing fields still decodes and the handler decides what is required.
extension KeyedDecodingContainer {
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        try? decodeIfPresent(T.self, forKey: key)
    }

    /// A `{name: string}` map whose values may be null (API Gateway sends `null` maps and values).
    func lenientStringMap(_ key: Key) -> [String: String]? {
        lenient([String: String?].self, key)?.compactMapValues { $0 }
    }

    /// A `{name: [string]}` map whose values may be null.
    func lenientListMap(_ key: Key) -> [String: [String]]? {
        lenient([String: [String]?].self, key)?.compactMapValues { $0 }
    }
}
