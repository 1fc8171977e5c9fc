import AsyncHTTPClient
import Foundation
import Hummingbird

/// An HTTP proxy on 127.0.0.1 (free port) in front of an AWS JSON-protocol endpoint (moto), which
/// forwards every request byte for byte (the `Host` header included, so SigV4 signatures still
/// verify) except the ones a scripted fault matches by `X-Amz-Target` (and, optionally, a
/// substring of the body): those get a 5xx, a throttling error, or their answer dropped after
/// the upstream applied them.
///
/// ```swift
/// let proxy = try await FaultProxy.start(upstream: motoEndpoint)
/// await proxy.inject(.throttle, count: 2, target: "DynamoDB_20120810.PutItem")
/// // run the engine with AWS_ENDPOINT_URL = proxy.baseURL
/// #expect(await proxy.injectedCount() == 2)
/// ```
package final class FaultProxy: Sendable {
    /// What a matched request gets instead of the upstream's answer.
    package enum Fault: Sendable, Hashable {
        /// Not forwarded; answered with this status and an AWS JSON error body of this type.
        case error(status: Int, type: String)
        /// Not forwarded; 400 `ThrottlingException`, as DynamoDB and SQS shed load.
        case throttle
        /// Forwarded and applied upstream, but the connection closes before the answer is complete.
        case dropResponse

        package static let internalServerError = Fault.error(status: 500, type: "InternalServerError")
        package static let serviceUnavailable = Fault.error(status: 503, type: "ServiceUnavailable")
    }

    /// `http://127.0.0.1:PORT`, the value for `AWS_ENDPOINT_URL`.
    package let baseURL: String
    let state: FaultProxyState
    private let client: HTTPClient
    private let server: LoopbackServer

    private init(baseURL: String, state: FaultProxyState, client: HTTPClient, server: LoopbackServer) {
        self.baseURL = baseURL
        self.state = state
        self.client = client
        self.server = server
    }

    /// Starts the proxy for `upstream` (`http://host:port`) and returns once it listens.
    package static func start(upstream: String) async throws -> FaultProxy {
        let state = FaultProxyState()
        let trimmed = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        // Its own client: the shared one allows 8 connections per host, and every engine behind
        // a proxy holds several SQS long polls open to the one upstream.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let server: LoopbackServer
        do {
            server = try await LoopbackServer.start(name: "FaultProxy") { request, _ in
                try await FaultProxyForwarder.handle(request, upstream: trimmed, client: client, state: state)
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        return FaultProxy(baseURL: "http://127.0.0.1:\(server.port)", state: state, client: client, server: server)
    }

    package func stop() async {
        await server.stop()
        try? await client.shutdown()
    }

    /// The next `count` requests whose `X-Amz-Target` is `target` (e.g. `DynamoDB_20120810.UpdateItem`)
    /// and, when given, whose body contains `bodyContains`, get `fault`.
    package func inject(_ fault: Fault, count: Int = 1, target: String, bodyContains: String? = nil) async {
        await state.add(FaultProxyRule(fault: fault, remaining: count, target: target, bodyContains: bodyContains))
    }

    /// Faults applied so far.
    package func injectedCount() async -> Int { await state.injected }

    /// `X-Amz-Target` of every request seen, in order.
    package func targets() async -> [String] { await state.targets }
}

/// Thrown while writing a response the proxy drops on purpose, so the connection closes mid-answer.
package enum FaultProxyError: Error, CustomStringConvertible {
    case droppedResponse

    package var description: String { "the fault proxy dropped this response on purpose" }
}

struct FaultProxyRule: Sendable {
    var fault: FaultProxy.Fault
    var remaining: Int
    var target: String
    var bodyContains: String?
}

/// Scripted rules and what happened, shared by the handlers and the test.
actor FaultProxyState {
    private var rules: [FaultProxyRule] = []
    private(set) var injected = 0
    private(set) var targets: [String] = []

    func add(_ rule: FaultProxyRule) { if rule.remaining > 0 { rules.append(rule) } }

    /// Records the request and takes the first matching rule's fault, if any.
    func fault(target: String, body: String) -> FaultProxy.Fault? {
        targets.append(target)
        guard let index = rules.firstIndex(where: { $0.target == target && ($0.bodyContains.map(body.contains) ?? true) }) else {
            return nil
        }
        let fault = rules[index].fault
        rules[index].remaining -= 1
        if rules[index].remaining == 0 { rules.remove(at: index) }
        injected += 1
        return fault
    }
}
