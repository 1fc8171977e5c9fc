import AsyncHTTPClient
import Foundation
import NIOCore
import RepliesCore
import NIOHTTP1

extension TwilioMessagesClient {
    /// Largest response body read; a page of 50 messages is well under 100 kB.
    static let maxResponseBytes = 4 << 20

    /// Runs one request with Basic auth and the per-request timeout, and decodes a 2xx JSON body.
    /// Every failure becomes a ``TwilioError``; the auth token never appears in one.
    func perform<Resource: Decodable>(
        _ request: HTTPClientRequest, credentials: SenderCredentials
    ) async throws(TwilioError) -> Resource {
        var request = request
        let basic = Data("\(credentials.accountSid):\(credentials.authToken)".utf8).base64EncodedString()
        request.headers.replaceOrAdd(name: "Authorization", value: "Basic \(basic)")
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")

        let status: Int
        let headers: HTTPHeadersView
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            status = Int(response.status.code)
            headers = HTTPHeadersView(retryAfter: response.headers.first(name: "Retry-After"))
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            throw Self.classify(transportError: error, timeout: timeout)
        }

        guard (200..<300).contains(status) else {
            let decoded = try? JSONDecoder().decode(TwilioErrorBody.self, from: Data(body.readableBytesView))
            throw .api(status: status, code: decoded?.code, message: decoded?.text, retryAfter: headers.retryAfterDuration)
        }
        do {
            return try JSONDecoder().decode(Resource.self, from: Data(body.readableBytesView))
        } catch {
            throw .malformedResponse(status: status, detail: "not a Twilio \(Resource.self) JSON document")
        }
    }

    static func classify(transportError error: any Error, timeout: Duration) -> TwilioError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timeout(timeout)
            case .invalidURL, .emptyHost, .emptyScheme:
                return .invalidBaseURL(String(describing: error))
            default:
                return .transport(String(describing: error))
            }
        }
        if error is CancellationError { return .transport("the request was cancelled") }
        // NIO connection errors (refused, reset, DNS) describe the address only, never headers.
        return .transport(String(describing: error))
    }

    /// The response headers the client uses, extracted while the response is in scope.
    struct HTTPHeadersView {
        var retryAfter: String?

        /// `Retry-After` in seconds; the HTTP-date form is ignored (Twilio sends seconds).
        var retryAfterDuration: Duration? {
            guard let retryAfter, let seconds = Int(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
            return .seconds(seconds)
        }
    }
}
