package import RepliesCore

/// Why a webhook form body could not be used. The HTTP layer answers 400 for every case: the
/// request is not something Twilio sends, so retrying it cannot help.
///
/// ```swift
/// do { _ = try TwilioForm.parse("Body=%ZZ") }
/// catch let error as TwilioFormError { print(error) }   // "form field 1 has a malformed percent escape…"
/// ```
///
/// Descriptions name fields and positions only, never values: values are message bodies and
/// phone numbers, which must stay out of logs.
package enum TwilioFormError: Error, Hashable, Sendable, CustomStringConvertible, RetryClassifying {
    /// A `%` not followed by two hexadecimal digits, in the field at this (1-based) position.
    case malformedPercentEscape(field: Int)
    /// The field at this (1-based) position does not decode to valid UTF-8.
    case invalidUTF8(field: Int)
    /// More fields than ``TwilioForm/maxFields``; real webhooks carry a few dozen.
    case tooManyFields(limit: Int)
    /// A parameter the engine needs (`From`, `To`, `MessageSid`, `AccountSid`) is absent or empty.
    case missingField(String)
    /// A parameter does not have the format Twilio documents (e.g. `MessageSid` is `SM`/`MM` + 32 hex).
    case malformedField(String, expected: String)
    /// A parameter Twilio sends once appears twice: the signature joins fields without
    /// separators, so repeats are how a captured webhook is re-cut into a different one.
    case repeatedField(String)

    package var description: String {
        switch self {
        case .malformedPercentEscape(let field):
            "form field \(field) has a malformed percent escape; the body is not valid x-www-form-urlencoded"
        case .invalidUTF8(let field):
            "form field \(field) does not decode to valid UTF-8; the body is not a Twilio webhook"
        case .tooManyFields(let limit):
            "form has more than \(limit) fields; refusing it as it cannot be a Twilio webhook"
        case .missingField(let name):
            "form parameter '\(name)' is missing or empty; Twilio always sends it, so the request is not a valid webhook"
        case .malformedField(let name, let expected):
            "form parameter '\(name)' is not \(expected) as Twilio sends it; refusing the request"
        case .repeatedField(let name):
            "form parameter '\(name)' appears more than once; Twilio sends it once, so the request is not a valid webhook"
        }
    }

    package var retryDisposition: RetryDisposition { .permanent }
}
