import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension MailSendClient {
    /// Error bodies are small; anything larger is not SendGrid's.
    static let maxResponseBytes = 1 << 20

    func perform(_ request: HTTPClientRequest, tracker: BodyWriteTracker) async throws(MailSendError) -> SentEmail {
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
        } catch {
            throw Self.classify(transportError: error, written: tracker.started, timeout: timeout)
        }
        let status = Int(response.status.code)
        if status == 202 {
            // Accepted: queued for delivery. The (empty) body is not needed.
            return SentEmail(messageId: response.headers.first(name: "X-Message-Id").flatMap { $0.isEmpty ? nil : $0 })
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            // An answer cut off after its status line is an incomplete message (RFC 9112 §8):
            // only a 202 is trusted without its body, anything else leaves the outcome open.
            throw .outcomeUnknown("the HTTP \(status) answer was cut off: \(Self.detail(of: error, timeout: timeout))")
        }
        if (200..<300).contains(status) { throw .notQueued(status: status) }
        let errors = Self.apiErrors(body)
        switch status {
        case 429:
            throw .rateLimited(retryAfter: Self.retryAfter(response.headers, now: Date()), errors: errors)
        case 504:
            throw .outcomeUnknown("HTTP 504 from a gateway in front of SendGrid")
        case 500...599:
            throw .serverError(status: status, errors: errors)
        default:
            throw .rejected(status: status, errors: errors)
        }
    }

    /// A failure before the body was requested never reached SendGrid; after, it may have.
    static func classify(transportError error: any Error, written: Bool, timeout: Duration) -> MailSendError {
        if let error = error as? HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme:
                return .invalidBaseURL(String(describing: error))
            default:
                break
            }
        }
        let detail = Self.detail(of: error, timeout: timeout)
        return written ? .outcomeUnknown(detail) : .notConnected(detail)
    }

    /// What went wrong, for the error's description. Connection errors describe the address
    /// only, never headers, so the API key cannot appear.
    static func detail(of error: any Error, timeout: Duration) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout || error == .writeTimeout {
            return "no answer within \(timeout)"
        }
        if error is CancellationError { return "the request was cancelled" }
        return String(describing: error)
    }

    /// `{"errors":[{"message": "...", "field": "...", "help": ...}]}`; `help` may be a string, an
    /// object or null, and is not kept.
    static func apiErrors(_ body: ByteBuffer) -> [SendGridAPIError] {
        struct Body: Decodable {
            struct Entry: Decodable {
                var message: String?
                var field: String?
            }
            var errors: [Entry]?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body.readableBytesView)) else {
            let text = String(decoding: body.readableBytesView.prefix(200), as: UTF8.self)
            return text.isEmpty ? [] : [SendGridAPIError(message: text)]
        }
        return (decoded.errors ?? []).map { SendGridAPIError(message: $0.message ?? "unspecified error", field: $0.field) }
    }

    /// `Retry-After` in seconds, else SendGrid's `X-RateLimit-Reset` (the Unix time its rate-limit
    /// period refreshes, which is what SendGrid sends with a 429); at most one hour. The
    /// HTTP-date form of `Retry-After` is not read: SendGrid does not send it.
    static func retryAfter(_ headers: HTTPHeaders, now: Date) -> Duration? {
        var seconds: Double?
        if let value = headers.first(name: "Retry-After").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            seconds = Double(value)
        } else if let reset = headers.first(name: "X-RateLimit-Reset").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
            seconds = reset - now.timeIntervalSince1970
        }
        guard let seconds else { return nil }
        return .seconds(Int(min(max(seconds.rounded(.up), 0), 3600)))
    }
}
