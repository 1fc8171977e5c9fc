import Foundation
import RepliesCore

/// The official SDK's retry rules (openai-python `_base_client.py`), as pure functions so tests
/// can check every rule without a server.
///
/// ```swift
/// let policy = RetryPolicy(configuration: OpenAIResponsesConfiguration())
/// if RetryPolicy.isRetryable(status: 429, headers: headers, error: detail) { wait = policy.backoff(retry: 0) }
/// ```
struct RetryPolicy: Sendable {
    static let initialBackoff = 0.5
    static let maximumBackoff = 8.0

    let random: @Sendable () -> Double
    let clock: any WallClock

    init(configuration: OpenAIResponsesConfiguration) {
        self.random = configuration.random
        self.clock = configuration.clock
    }

    /// Whether a non-2xx answer deserves another attempt. No quota is never retried (the SDK
    /// would, and would only burn time); then `x-should-retry` decides; then the status.
    static func isRetryable(status: Int, headers: ResponseHeaders, error: APIErrorDetail?) -> Bool {
        if error?.isInsufficientQuota == true { return false }
        switch headers["x-should-retry"]?.lowercased() {
        case "true": return true
        case "false": return false
        default: return status == 408 || status == 409 || status == 429 || status >= 500
        }
    }

    /// The wait the server asked for: `retry-after-ms`, else `retry-after` in seconds or as an
    /// HTTP date. Nil when absent, unreadable or not in the future.
    func requestedWait(_ headers: ResponseHeaders) -> Duration? {
        var seconds: Double?
        if let text = headers["retry-after-ms"], let millis = Double(text.trimmingCharacters(in: .whitespaces)) {
            seconds = millis / 1000
        } else if let text = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let value = Double(text) {
                seconds = value
            } else if let date = Self.httpDate(text) {
                seconds = date.timeIntervalSince(clock.now())
            }
        }
        guard let seconds, seconds.isFinite, seconds > 0 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// Exponential backoff for the `retry`-th retry (0-based): 0.5 s doubling, capped at 8 s,
    /// times a jitter factor in (0.75, 1], as the SDK computes it.
    func backoff(retry: Int) -> Duration {
        let base = min(Self.initialBackoff * pow(2, Double(min(max(retry, 0), 30))), Self.maximumBackoff)
        let jitter = 1 - 0.25 * min(max(random(), 0), 1)
        return .milliseconds(Int64((base * jitter * 1000).rounded()))
    }

    /// The backoff for the `retry`-th retry without jitter: the most ``backoff(retry:)`` waits.
    static func longestBackoff(retry: Int) -> Duration {
        .milliseconds(Int64(min(initialBackoff * pow(2, Double(min(max(retry, 0), 30))), maximumBackoff) * 1000))
    }

    /// IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`), the form `Retry-After` dates take.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

/// Response headers, looked up case-insensitively (first value wins).
struct ResponseHeaders: Sendable, Hashable {
    private var values: [String: String] = [:]

    init(_ pairs: some Sequence<(name: String, value: String)>) {
        for (name, value) in pairs where values[name.lowercased()] == nil {
            values[name.lowercased()] = value
        }
    }

    subscript(name: String) -> String? { values[name.lowercased()] }
}
