import Foundation

/// A route path such as `/operator/v1/conversations/{pc}/{cid}/messages`: literal segments,
/// `{name}` segments that match one segment, and an optional final `{name...}` that matches the
/// rest (possibly empty). Empty segments are ignored, so a trailing `/` does not matter.
///
/// ```swift
/// let pattern = PathPattern("/files/{name...}")
/// pattern.match(["files", "css", "app.css"])   // ["name": "css/app.css"]
/// ```
package struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    let segments: [Segment]
    package let description: String

    package init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/").map { part in
            guard part.hasPrefix("{"), part.hasSuffix("}") else { return .literal(String(part)) }
            let name = part.dropFirst().dropLast()
            return name.hasSuffix("...") ? .rest(String(name.dropLast(3))) : .parameter(String(name))
        }
    }

    /// The parameters when the decoded `path` segments match, else nil.
    package func match(_ path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                parameters[name] = path.dropFirst(index).joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
            case .parameter(let name):
                guard index < path.count else { return nil }
                parameters[name] = path[index]
            }
        }
        return path.count == segments.count ? parameters : nil
    }

    /// The path's segments, percent-decoded; nil when an escape is invalid.
    package static func segments(of path: String) -> [String]? {
        var decoded: [String] = []
        for part in path.split(separator: "/") {
            // Foundation's decoding (through CFString) only where there is an escape: every
            // webhook's path is matched, and theirs have none.
            guard part.utf8.contains(UInt8(ascii: "%")) else {
                decoded.append(String(part))
                continue
            }
            guard let text = String(part).removingPercentEncoding else { return nil }
            decoded.append(text)
        }
        return decoded
    }
}
