import Foundation

/// Lenient form handling for the fake: it only needs to read what a client sends and write
/// `next_page_uri` queries. (The strict, signature-preserving parser lives in the Twilio module.)
enum FakeTwilioForm {
    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { segment in
            let parts = segment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func firstValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in pairs(text) where values[name] == nil { values[name] = value }
        return values
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
