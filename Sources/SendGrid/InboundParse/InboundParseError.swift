/// Why an Inbound Parse post could not be read. Every case is the sender's fault (a real
/// SendGrid post parses), so the route answers 4xx — ``httpStatus`` — and SendGrid, which
/// retries only 5xx, does not send it again.
package enum InboundParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `Content-Type` is not `multipart/form-data` (the default, parsed Inbound Parse mode).
    case notMultipart(String)
    /// `multipart/form-data` without a usable `boundary` parameter.
    case missingBoundary
    /// The body is not well-formed multipart.
    case malformed(String)
    /// The body ends before the closing boundary.
    case truncated
    /// A part or the whole body is over its limit (see ``InboundParseLimits``).
    case tooLarge(String, limit: Int)
    /// More parts than ``InboundParseLimits/maxParts``.
    case tooManyParts(limit: Int)

    /// `413` for size limits, `400` otherwise.
    package var httpStatus: Int {
        switch self {
        case .tooLarge, .tooManyParts: 413
        default: 400
        }
    }

    package var description: String {
        switch self {
        case .notMultipart(let type):
            "Inbound Parse posts are multipart/form-data, this one is '\(type.prefix(80))'; check that the Parse setting does not use 'POST the raw, full MIME message'"
        case .missingBoundary:
            "multipart/form-data without a boundary parameter"
        case .malformed(let detail):
            "the multipart body is malformed: \(detail)"
        case .truncated:
            "the multipart body ends before its closing boundary"
        case .tooLarge(let what, let limit):
            "\(what) is larger than \(limit) bytes"
        case .tooManyParts(let limit):
            "the post has more than \(limit) form parts"
        }
    }
}
