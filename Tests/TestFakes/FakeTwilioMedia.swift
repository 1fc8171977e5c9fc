package import Foundation
import Hummingbird

/// Twilio's inbound media as it is served: `GET {api}/2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}`
/// demands Basic auth (401, code 20003) and answers `307` to a short-lived signed URL on a CDN
/// (a second loopback server, another origin); 404 (code 20404) while the media is not stored yet.
/// The CDN refuses a request that carries an `Authorization` header (as S3 does when a signed URL
/// also gets a header: "Only one auth mechanism allowed") and records it, so a client that
/// forwards the credentials fails the test. Oversize media can announce its length or stream
/// without one.
///
/// ```swift
/// let media = try await FakeTwilioMedia.start(accountSid: sid, authToken: token)
/// let url = await media.add(contentType: "image/jpeg", data: jpeg, notReadyFor: 2)
/// // … download url via the client under test, with apiBaseURL: media.apiBaseURL …
/// #expect(await media.cdnRequestsWithCredentials() == 0)
/// await media.stop()
/// ```
package final class FakeTwilioMedia: Sendable {
    package let apiBaseURL: String
    package let cdnBaseURL: String
    package let accountSid: String
    let state: State
    /// Nil when the media is served by a ``FakeTwilio`` (same origin as the Messages API, as in
    /// production, where `TWILIO_API_BASE_URL` covers both).
    private let api: LoopbackServer?
    private let cdn: LoopbackServer
    let apiResponder: @Sendable (Request) async -> Response

    /// One stored media item and how it misbehaves.
    struct Item: Sendable {
        var contentType: String
        var data: Data
        /// 404s left before the media is served.
        var notReadyFor: Int
        /// Bytes streamed without `Content-Length` instead of `data` (the oversize case).
        var streamedBytes: Int?
    }

    actor State {
        var items: [String: Item] = [:]
        var apiRequests = 0
        var cdnRequests = 0
        var cdnWithCredentials = 0
        func add(_ sid: String, _ item: Item) { items[sid] = item }
        func countAPI() { apiRequests += 1 }
        func countCDN(credentials: Bool) { cdnRequests += 1; if credentials { cdnWithCredentials += 1 } }
        /// The item if ready; counts one "not ready" otherwise.
        func ready(_ sid: String) -> (found: Bool, item: Item?) {
            guard var item = items[sid] else { return (false, nil) }
            if item.notReadyFor > 0 {
                item.notReadyFor -= 1
                items[sid] = item
                return (true, nil)
            }
            return (true, item)
        }
        func item(_ sid: String) -> Item? { items[sid] }
    }

    private init(
        api: LoopbackServer?, apiBaseURL: String, cdn: LoopbackServer, accountSid: String, state: State,
        apiResponder: @escaping @Sendable (Request) async -> Response
    ) {
        self.api = api
        self.cdn = cdn
        self.state = state
        self.accountSid = accountSid
        self.apiBaseURL = apiBaseURL
        self.cdnBaseURL = "http://127.0.0.1:\(cdn.port)"
        self.apiResponder = apiResponder
    }

    /// Starts the CDN and, unless `twilio` is given, an API server of its own; with `twilio` the
    /// media URLs are on that fake's origin and it answers them.
    package static func start(
        accountSid: String = "AC00000000000000000000000000000000", authToken: String = "fake-auth-token-0000",
        mountedOn twilio: FakeTwilio? = nil
    ) async throws -> FakeTwilioMedia {
        let state = State()
        let cdn = try await LoopbackServer.start(name: "fake-twilio-cdn") { request, _ in
            try await cdnResponse(request, state: state)
        }
        let cdnBase = "http://127.0.0.1:\(cdn.port)"
        let expected = "Basic " + Data("\(accountSid):\(authToken)".utf8).base64EncodedString()
        let responder: @Sendable (Request) async -> Response = { request in
            await apiResponse(request, state: state, accountSid: accountSid, expectedAuthorization: expected, cdnBase: cdnBase)
        }
        if let twilio {
            let media = FakeTwilioMedia(api: nil, apiBaseURL: twilio.baseURL, cdn: cdn, accountSid: accountSid, state: state, apiResponder: responder)
            await twilio.state.mount(media)
            return media
        }
        let api = try await LoopbackServer.start(name: "fake-twilio-media") { request, _ in await responder(request) }
        return FakeTwilioMedia(
            api: api, apiBaseURL: "http://127.0.0.1:\(api.port)", cdn: cdn, accountSid: accountSid, state: state, apiResponder: responder)
    }

    package func stop() async {
        await api?.stop()
        await cdn.stop()
    }

    /// Stores a media item under a new `ME…` SID and returns its `MediaUrl` as Twilio would post it.
    package func add(
        contentType: String, data: Data, notReadyFor: Int = 0, streamedBytes: Int? = nil,
        messageSid: String = "MM" + String(repeating: "1", count: 32)
    ) async -> String {
        let sid = "ME" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        await state.add(sid, Item(contentType: contentType, data: data, notReadyFor: notReadyFor, streamedBytes: streamedBytes))
        return "\(apiBaseURL)/2010-04-01/Accounts/\(accountSid)/Messages/\(messageSid)/Media/\(sid)"
    }

    package func apiRequests() async -> Int { await state.apiRequests }
    package func cdnRequests() async -> Int { await state.cdnRequests }
    package func cdnRequestsWithCredentials() async -> Int { await state.cdnWithCredentials }
}
