import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore
import TestFakes
import Testing
import Twilio

/// The media download against a fake that serves media as Twilio does: Basic auth on the API
/// host, a 307 to a CDN origin that refuses credentials, 404 while not ready.
@Suite struct MediaDownloadTests {
    static let quickRetries: [Duration] = [.milliseconds(5), .milliseconds(5), .milliseconds(5)]

    /// Starts the fake and a client without redirect following, runs `body`, stops both.
    private func withMedia<T>(
        retryDelays: [Duration] = quickRetries, _ body: (FakeTwilioMedia, TwilioMediaClient) async throws -> T
    ) async throws -> T {
        let media = try await FakeTwilioMedia.start(accountSid: Fixture.accountSid, authToken: Fixture.authToken)
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: TwilioMediaClient.httpClientConfiguration)
        do {
            let client = try TwilioMediaClient(httpClient: http, apiBaseURL: media.apiBaseURL, retryDelays: retryDelays)
            let result = try await body(media, client)
            try await http.shutdown()
            await media.stop()
            return result
        } catch {
            try? await http.shutdown()
            await media.stop()
            throw error
        }
    }

    private func failure(_ client: TwilioMediaClient, _ url: String, limits: MediaDownloadLimits = MediaDownloadLimits(),
                         credentials: SenderCredentials = Fixture.credentials) async throws -> TwilioMediaError {
        do {
            let media = try await client.download(MediaItem(url: url, contentType: "image/jpeg"), credentials: credentials, limits: limits)
            Issue.record("expected a failure, got \(media.data.count) bytes")
            throw CancellationError()
        } catch let error as TwilioMediaError {
            #expect(!error.description.contains(Fixture.authToken))
            return error
        }
    }

    @Test func followsTheRedirectToTheCDNWithoutTheCredentials() async throws {
        try await withMedia { media, client in
            let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 2000))
            let url = await media.add(contentType: "image/jpeg", data: jpeg)
            let downloaded = try await client.download(
                MediaItem(url: url, contentType: "image/png"), credentials: Fixture.credentials, limits: MediaDownloadLimits())
            #expect(downloaded.data == jpeg)
            // The served type wins over the webhook's.
            #expect(downloaded.contentType == "image/jpeg")
            #expect(await media.apiRequests() == 1)
            #expect(await media.cdnRequests() == 1)
            #expect(await media.cdnRequestsWithCredentials() == 0)
        }
    }

    @Test func retriesWhileTheMediaIsNotReady() async throws {
        try await withMedia { media, client in
            let url = await media.add(contentType: "audio/ogg", data: Data("OggS-voice".utf8), notReadyFor: 2)
            let downloaded = try await client.download(
                MediaItem(url: url, contentType: "audio/ogg"), credentials: Fixture.credentials, limits: MediaDownloadLimits())
            #expect(downloaded.data == Data("OggS-voice".utf8))
            #expect(await media.apiRequests() == 3)
        }
    }

    @Test func givesUpWhenTheMediaNeverBecomesReady() async throws {
        try await withMedia { media, client in
            let url = await media.add(contentType: "audio/ogg", data: Data("x".utf8), notReadyFor: 100)
            let error = try await failure(client, url)
            #expect(error == .notReady(attempts: Self.quickRetries.count + 1))
            #expect(RetryDisposition.of(error) == .transient(retryAfter: nil))
            #expect(await media.apiRequests() == Self.quickRetries.count + 1)
        }
    }

    @Test func refusesAnAnnouncedOversizeBodyWithoutReadingIt() async throws {
        try await withMedia { media, client in
            let url = await media.add(contentType: "video/mp4", data: Data(repeating: 1, count: 300_000))
            let error = try await failure(client, url, limits: MediaDownloadLimits(maxBytes: 100_000))
            #expect(error == .tooLarge(bytes: 300_000, limit: 100_000))
            #expect(RetryDisposition.of(error) == .permanent)
        }
    }

    @Test func stopsReadingAnUnannouncedOversizeBodyAtTheCap() async throws {
        try await withMedia { media, client in
            let total = 8 << 20
            let url = await media.add(contentType: "video/mp4", data: Data(), streamedBytes: total)
            let error = try await failure(client, url, limits: MediaDownloadLimits(maxBytes: 256 << 10))
            // Reading stopped at the cap (the body is dropped, which cancels the request); how many
            // bytes the server still pushed into the socket is not observable here.
            #expect(error == .tooLarge(bytes: nil, limit: 256 << 10))
        }
    }

    @Test func wrongCredentialsArePermanent() async throws {
        try await withMedia { media, client in
            let url = await media.add(contentType: "image/jpeg", data: Data([1, 2, 3]))
            let wrong = SenderCredentials(accountSid: Fixture.accountSid, authToken: "not-the-token")
            let error = try await failure(client, url, credentials: wrong)
            #expect(error == .http(status: 401))
            #expect(RetryDisposition.of(error) == .permanent)
            #expect(await media.cdnRequests() == 0)
        }
    }

    @Test func neverSendsCredentialsOutsideTheTenantsTwilioMedia() async throws {
        try await withMedia { media, client in
            let url = await media.add(contentType: "image/jpeg", data: Data([1, 2, 3]))
            let otherOrigin = url.replacingOccurrences(of: media.apiBaseURL, with: media.cdnBaseURL)
            let otherAccount = url.replacingOccurrences(of: Fixture.accountSid, with: "AC" + String(repeating: "9", count: 32))
            let notMedia = media.apiBaseURL + "/2010-04-01/Accounts/\(Fixture.accountSid)/Messages.json"
            let withUserInfo = url.replacingOccurrences(of: "http://", with: "http://user:pass@")
            for bad in [otherOrigin, otherAccount, notMedia, withUserInfo, "not a url"] {
                guard case .untrustedURL = try await failure(client, bad) else { Issue.record("\(bad) was not refused"); continue }
            }
            #expect(await media.apiRequests() == 0)
            #expect(await media.cdnRequests() == 0)
        }
    }

    /// The fake itself: a client that forwards the credentials to the CDN is refused, so the
    /// "without credentials" assertion above can fail.
    @Test func fakeCDNRefusesForwardedCredentials() async throws {
        let media = try await FakeTwilioMedia.start(accountSid: Fixture.accountSid, authToken: Fixture.authToken)
        // Shut down on every path: an HTTPClient released unshut traps in debug builds.
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: TwilioMediaClient.httpClientConfiguration)
        do {
            let url = await media.add(contentType: "image/jpeg", data: Data([1, 2, 3]))
            // A client that forwards the header on every hop.
            let basic = "Basic " + Data("\(Fixture.accountSid):\(Fixture.authToken)".utf8).base64EncodedString()
            var first = HTTPClientRequest(url: url)
            first.headers.add(name: "Authorization", value: basic)
            let redirect = try await http.execute(first, timeout: .seconds(30))
            #expect(redirect.status.code == 307)
            let location = try #require(redirect.headers.first(name: "Location"))
            var second = HTTPClientRequest(url: location)
            second.headers.add(name: "Authorization", value: basic)
            let refused = try await http.execute(second, timeout: .seconds(30))
            #expect(refused.status.code == 400)
            #expect(await media.cdnRequestsWithCredentials() == 1)
        } catch {
            try? await http.shutdown()
            await media.stop()
            throw error
        }
        try await http.shutdown()
        await media.stop()
    }
}
