package import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
package import RepliesCore

/// Downloads inbound media (`MediaUrl{N}`) the way Twilio serves it: a Basic-authenticated GET on
/// the API host answers with a redirect to a short-lived signed CDN URL, which is fetched
/// **without** the credentials. While the media is not stored yet the API answers 404, so 404,
/// 429, 5xx and connection failures are retried with backoff within the time budget.
///
/// The `httpClient` must not follow redirects itself (``httpClientConfiguration``): this client
/// follows the one hop so that it can drop the `Authorization` header and check the target.
///
/// ```swift
/// let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: TwilioMediaClient.httpClientConfiguration)
/// let media = try TwilioMediaClient(httpClient: http, apiBaseURL: "https://api.twilio.com")
/// let image = try await media.download(item, credentials: credentials, limits: MediaDownloadLimits(maxBytes: 5 << 20))
/// ```
package struct TwilioMediaClient: MediaDownloader {
    /// Redirects disallowed: the client handles the CDN hop itself.
    package static var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// Pauses before the 2nd, 3rd… attempt; the number of attempts is one more than its count.
    package static let defaultRetryDelays: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]
    /// Twilio redirects once (API → CDN); a little slack, never a loop.
    static let maxRedirects = 3

    /// Evaluated when media is fetched, not when the client is made (see ``TwilioMessagesClient``).
    private let makeHTTPClient: @Sendable () -> HTTPClient
    var httpClient: HTTPClient { makeHTTPClient() }
    let apiOrigin: URL
    let retryDelays: [Duration]
    let logger: Logger

    /// - Parameter apiBaseURL: the Twilio API origin media URLs must be on (`TWILIO_API_BASE_URL`).
    package init(
        httpClient: @escaping @autoclosure @Sendable () -> HTTPClient, apiBaseURL: String = TwilioMessagesClient.defaultBaseURL,
        retryDelays: [Duration] = TwilioMediaClient.defaultRetryDelays, logger: Logger = Logger(label: "replies.twilio.media")
    ) throws(TwilioError) {
        guard let origin = URL(string: apiBaseURL), let scheme = origin.scheme?.lowercased(), ["http", "https"].contains(scheme),
              origin.host != nil else {
            throw .invalidBaseURL(apiBaseURL)
        }
        self.makeHTTPClient = httpClient
        self.apiOrigin = origin
        self.retryDelays = retryDelays
        self.logger = logger
    }

    package func download(_ item: MediaItem, credentials: SenderCredentials, limits: MediaDownloadLimits) async throws -> DownloadedMedia {
        let source = try TwilioMediaURL(item.url, apiOrigin: apiOrigin, accountSid: credentials.accountSid)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limits.timeout)
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await fetch(source.url, credentials: credentials, limits: limits, fallbackType: item.contentType, deadline: deadline)
            } catch {
                let failure = Self.settled(error, attempts: attempt, limits: limits)
                guard case .transient = failure.retryDisposition, attempt <= retryDelays.count else { throw failure }
                let pause = retryDelays[attempt - 1]
                guard clock.now.advanced(by: pause) < deadline else { throw failure }
                logger.debug("media not available yet, retrying", metadata: ["attempt": "\(attempt)", "reason": "\(failure)"])
                try await Task.sleep(for: pause)
            }
        }
    }

    /// Maps the last attempt's failure to what the caller sees (a final 404 is "not ready").
    static func settled(_ error: TwilioMediaError, attempts: Int, limits: MediaDownloadLimits) -> TwilioMediaError {
        if case .http(404) = error { return .notReady(attempts: attempts) }
        return error
    }

    /// One attempt: the authenticated request, then at most ``maxRedirects`` hops without credentials.
    func fetch(
        _ url: URL, credentials: SenderCredentials, limits: MediaDownloadLimits, fallbackType: String, deadline: ContinuousClock.Instant
    ) async throws(TwilioMediaError) -> DownloadedMedia {
        var target = url
        var authorization: String? = "Basic " + Data("\(credentials.accountSid):\(credentials.authToken)".utf8).base64EncodedString()
        for _ in 0...Self.maxRedirects {
            var request = HTTPClientRequest(url: target.absoluteString)
            request.method = .GET
            if let authorization { request.headers.add(name: "Authorization", value: authorization) }
            let remaining = ContinuousClock().now.duration(to: deadline)
            guard remaining > .zero else { throw .timeout(limits.timeout) }
            do {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(remaining.nanoseconds))
                let status = Int(response.status.code)
                switch status {
                case 200..<300:
                    return try await Self.body(of: response, limits: limits, fallbackType: fallbackType)
                case 301, 302, 303, 307, 308:
                    target = try Self.redirectTarget(response.headers.first(name: "Location"), from: target)
                    // The CDN URL is signed; the account's credentials stay with Twilio's API host.
                    authorization = nil
                default:
                    throw TwilioMediaError.http(status: status)
                }
            } catch let error as TwilioMediaError {
                throw error
            } catch {
                throw Self.classify(transportError: error, limits: limits)
            }
        }
        throw .badRedirect("more than \(Self.maxRedirects) redirects")
    }

    static func redirectTarget(_ location: String?, from current: URL) throws(TwilioMediaError) -> URL {
        guard let location, let next = URL(string: location, relativeTo: current)?.absoluteURL else {
            throw .badRedirect("no usable Location header")
        }
        guard let scheme = next.scheme?.lowercased(), ["http", "https"].contains(scheme), next.host != nil else {
            throw .badRedirect("to a non-http(s) URL")
        }
        // Never downgrade from https to http (the signed URL would travel in the clear).
        if current.scheme?.lowercased() == "https", scheme != "https" { throw .badRedirect("from https to http") }
        return next
    }

    /// Refuses an announced oversize body before reading it, and stops reading at the cap.
    static func body(of response: HTTPClientResponse, limits: MediaDownloadLimits, fallbackType: String) async throws -> DownloadedMedia {
        if let announced = response.headers.first(name: "Content-Length").flatMap(Int.init), announced > limits.maxBytes {
            throw TwilioMediaError.tooLarge(bytes: announced, limit: limits.maxBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: limits.maxBytes)
        } catch is NIOTooManyBytesError {
            throw TwilioMediaError.tooLarge(bytes: nil, limit: limits.maxBytes)
        }
        let type = response.headers.first(name: "Content-Type").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }
        return DownloadedMedia(contentType: type.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackType, data: Data(buffer.readableBytesView))
    }

    static func classify(transportError error: any Error, limits: MediaDownloadLimits) -> TwilioMediaError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .timeout(limits.timeout)
            default: return .transport(String(describing: error))
            }
        }
        if error is CancellationError { return .transport("the download was cancelled") }
        return .transport(String(describing: error))
    }
}
