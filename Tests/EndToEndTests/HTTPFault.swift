import Foundation
import TestFakes
import Testing

/// A fault FakeOpenAI or FakeTwilio answers the real binary with, scripted for the next
/// request(s), and the outcome the engine promises for it.
enum HTTPFault: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case openAIRateLimitedWithRetryAfter = "openai-429-retry-after"
    case openAIServerError = "openai-500"
    case openAIOverloaded = "openai-503"
    case openAIOverloadedPastClientRetries = "openai-503-x3"
    case openAISlowPastTimeout = "openai-slow-past-timeout"
    case openAITruncatedJSON = "openai-truncated-json"
    case openAIInvalidJSON = "openai-invalid-json"
    case openAISchemaBrokenOnce = "openai-schema-broken-once"
    case openAISchemaBrokenTwice = "openai-schema-broken-twice"
    case openAIInsufficientQuota = "openai-429-insufficient-quota"
    case twilioInvalidTo = "twilio-21211"
    case twilioOutsideWindow = "twilio-63016"
    case twilioTooManyRequests = "twilio-20429"
    case twilioServerError = "twilio-500"
    case twilioResponseDropped = "twilio-response-dropped"

    var testDescription: String { rawValue }

    enum Outcome: Equatable {
        /// Retried (by the client or by the core) and answered with exactly one message.
        case answered
        /// Not retried: `reply_failed`, this text in `reply_failure_reason`, a human notified.
        case replyFailed(reason: String)
    }

    var outcome: Outcome {
        switch self {
        case .openAISchemaBrokenTwice: .replyFailed(reason: "OpenAI")
        case .openAIInsufficientQuota: .replyFailed(reason: "insufficient_quota")
        case .twilioInvalidTo: .replyFailed(reason: "21211")
        case .twilioOutsideWindow: .replyFailed(reason: "63016")
        default: .answered
        }
    }

    /// Requests FakeOpenAI receives in all.
    var modelCalls: Int {
        switch self {
        case .openAIOverloadedPastClientRetries: 4  // three in the client, one more when the core retries
        case .openAIInsufficientQuota, .twilioInvalidTo, .twilioOutsideWindow, .twilioTooManyRequests,
             .twilioServerError, .twilioResponseDropped: 1
        default: 2
        }
    }

    /// Send attempts (POSTs) FakeTwilio receives in all.
    var sendAttempts: Int {
        switch self {
        case .openAISchemaBrokenTwice, .openAIInsufficientQuota: 0
        case .twilioTooManyRequests, .twilioServerError: 2
        default: 1
        }
    }

    /// Settings the case needs on top of the harness's.
    var settings: [String: String] {
        self == .openAISlowPastTimeout ? ["OPENAI_TIMEOUT_SECONDS": "5"] : [:]
    }

    func script(openAI: FakeOpenAI, twilio: FakeTwilio) async {
        let brokenReply = FakeOpenAI.responseBody(replyText: #"{"answer":"the schema says content"}"#)
        switch self {
        case .openAIRateLimitedWithRetryAfter: await openAI.failNext(count: 1, status: 429, headers: ["retry-after": "1"])
        case .openAIServerError: await openAI.failNext(count: 1, status: 500)
        case .openAIOverloaded: await openAI.failNext(count: 1, status: 503)
        case .openAIOverloadedPastClientRetries: await openAI.failNext(count: 3, status: 503)
        case .openAISlowPastTimeout: await openAI.delayNext(.seconds(12))
        case .openAITruncatedJSON:
            let body = FakeOpenAI.responseBody(replyText: FakeOpenAI.Reply(content: "cut short").json)
            await openAI.respondNextWithRaw(String(body.prefix(body.count / 2)))
        case .openAIInvalidJSON: await openAI.respondNextWithRaw("<html><body>502 Bad Gateway</body></html>")
        case .openAISchemaBrokenOnce: await openAI.respondNextWithRaw(brokenReply)
        case .openAISchemaBrokenTwice:
            await openAI.respondNextWithRaw(brokenReply)
            await openAI.respondNextWithRaw(brokenReply)
        case .openAIInsufficientQuota: await openAI.failNext(count: 1, status: 429, body: FakeOpenAI.insufficientQuotaBody)
        case .twilioInvalidTo: await twilio.failNext(count: 1, status: 400, code: 21211, message: "Invalid 'To' Phone Number")
        case .twilioOutsideWindow:
            await twilio.failNext(
                count: 1, status: 400, code: 63016,
                message: "Failed to send freeform message because you are outside the allowed window. Please use a Template.")
        case .twilioTooManyRequests: await twilio.failNext(count: 1, status: 429, code: 20429, retryAfter: 1, message: "Too Many Requests")
        case .twilioServerError: await twilio.failNext(count: 1, status: 500, code: 20500, message: "Internal Server Error")
        case .twilioResponseDropped: await twilio.acceptButDropResponse(count: 1)
        }
    }
}
