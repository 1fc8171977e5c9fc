import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOHTTP1

/// The proxy's handler: apply a scripted fault or forward the request unchanged.
enum FaultProxyForwarder {
    static let maximumBodyBytes = 16 * 1024 * 1024
    /// Hop-by-hop and framing headers: the two connections frame their own messages.
    static let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "content-length", "te", "upgrade"]

    static func handle(_ request: Request, upstream: String, client: HTTPClient, state: FaultProxyState) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: maximumBodyBytes)
        let target = request.headers[HTTPFields.Element.Name("X-Amz-Target") ?? .contentType] ?? ""
        let fault = await state.fault(target: target, body: String(buffer: body))
        switch fault {
        case .error(let status, let type)?:
            return errorResponse(status: status, type: type, message: "injected by the fault proxy")
        case .throttle?:
            return errorResponse(status: 400, type: "ThrottlingException", message: "Rate exceeded (injected by the fault proxy)")
        case .dropResponse?:
            _ = try await forward(request, body: body, upstream: upstream, client: client)
            // Promise a body, then fail while writing it: the client never gets a complete answer.
            return Response(
                status: .ok, headers: [.contentType: "application/x-amz-json-1.0"],
                body: ResponseBody(contentLength: 1000) { _ in throw FaultProxyError.droppedResponse })
        case nil:
            return try await forward(request, body: body, upstream: upstream, client: client)
        }
    }

    private static func forward(_ request: Request, body: ByteBuffer, upstream: String, client: HTTPClient) async throws -> Response {
        var outgoing = HTTPClientRequest(url: upstream + request.uri.description)
        // The AWS JSON protocol only POSTs.
        outgoing.method = .POST
        for field in request.headers where !hopByHop.contains(field.name.canonicalName) {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        // Host is kept as the client sent it (HTTPTypes holds it as the authority, not as a
        // header): it is part of the SigV4 signature.
        if let authority = request.head.authority { outgoing.headers.replaceOrAdd(name: "Host", value: authority) }
        outgoing.body = .bytes(body)
        let answer = try await client.execute(outgoing, timeout: .seconds(60))
        let bytes = try await answer.body.collect(upTo: maximumBodyBytes)
        var headers = HTTPFields()
        for (name, value) in answer.headers where !hopByHop.contains(name.lowercased()) {
            if let fieldName = HTTPFields.Element.Name(name) { headers.append(HTTPFields.Element(name: fieldName, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: Int(answer.status.code)), headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// The AWS JSON protocol's error shape: `{"__type": …, "message": …}` plus `x-amzn-ErrorType`.
    private static func errorResponse(status: Int, type: String, message: String) -> Response {
        let json = #"{"__type":"com.amazonaws.fault#\#(type)","message":"\#(message)"}"#
        var headers: HTTPFields = [.contentType: "application/x-amz-json-1.0"]
        if let name = HTTPFields.Element.Name("x-amzn-ErrorType") { headers[name] = type }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
