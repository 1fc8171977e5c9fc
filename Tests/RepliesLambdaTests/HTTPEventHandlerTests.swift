import Foundation
import LambdaRuntime
import RepliesHTTP
import RepliesLambda
import Synchronization
import Testing

/// Records what reaches the `POST /whatsapp` and `POST /sms` routes and answers empty TwiML,
/// like the real endpoint on success.
final class RecordingEndpoint: Sendable {
    private let received = Mutex<[HTTPRequest]>([])
    var requests: [HTTPRequest] { received.withLock { $0 } }

    var router: HTTPRouter {
        var router = HTTPRouter()
        for path in ["/whatsapp", "/sms"] {
            router.add(.post, path) { request in
                self.received.withLock { $0.append(request) }
                return HTTPResponse(status: 200, contentType: "text/xml", body: "<Response></Response>")
            }
        }
        return router
    }

    var handler: HTTPEventHandler { HTTPEventHandler(router: router) }
}

@Suite struct HTTPEventHandlerTests {
    let endpoint = RecordingEndpoint()
    let engine = Engine()

    func respond(_ event: Data) async throws -> APIGatewayProxyResponse {
        let output = try await endpoint.handler.handle(event, context: engine.context())
        let json = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(json["isBase64Encoded"] as? Bool == false)
        return try JSONDecoder().decode(APIGatewayProxyResponse.self, from: output)
    }

    @Test func restEventReachesTheEndpointWithItsExactBody() async throws {
        let response = try await respond(Events.v1())
        #expect(response.statusCode == 200)
        #expect(response.headers["Content-Type"] == "text/xml")
        #expect(response.body == "<Response></Response>")
        let request = try #require(endpoint.requests.first)
        #expect(request.path == "/whatsapp")
        #expect(request.query == nil)
        #expect(request.headers["X-Twilio-Signature"] == Events.signature)
        #expect(request.body == Array(Events.form.utf8))
    }

    @Test func restEventWithBase64BodyIsDecoded() async throws {
        _ = try await respond(Events.v1(path: "/sms", base64: true))
        let request = try #require(endpoint.requests.first)
        #expect(request.path == "/sms")
        #expect(String(decoding: request.body, as: UTF8.self) == Events.form)
    }

    @Test func httpAPIEventWithStagePrefixedPathAndBase64Form() async throws {
        let response = try await respond(Events.v2(rawPath: "/dev/whatsapp", rawQuery: "tenant=acme&b=%20x"))
        #expect(response.statusCode == 200)
        let request = try #require(endpoint.requests.first)
        #expect(request.path == "/whatsapp")
        #expect(request.query == "tenant=acme&b=%20x")
        #expect(request.headers["X-Twilio-Signature"] == Events.signature)
        #expect(request.body == Array(Events.form.utf8))
    }

    @Test func httpAPIEventWithoutQueryOrStage() async throws {
        _ = try await respond(Events.v2(rawPath: "/sms", base64: false))
        let request = try #require(endpoint.requests.first)
        #expect(request.path == "/sms")
        #expect(request.query == nil)
        #expect(request.body == Array(Events.form.utf8))
    }

    @Test func signatureHeaderIsFoundWhateverItsCase() async throws {
        _ = try await respond(Events.v1(headers: ["x-TWILIO-signature": "abc="]))
        #expect(endpoint.requests.first?.headers["x-twilio-signature"] == "abc=")
    }

    @Test func missingHeadersMeanNoSignatureNotAFailure() async throws {
        let response = try await respond(Events.v1(headers: nil))
        #expect(response.statusCode == 200)
        #expect(endpoint.requests.first?.headers["X-Twilio-Signature"] == nil)
    }

    @Test func restQueryIsRebuiltInReceivedOrder() async throws {
        // Written by hand: the keys are deliberately not in sorted order.
        let event = #"""
        {"path":"/whatsapp","httpMethod":"POST","headers":{"X-Twilio-Signature":"s"},
         "queryStringParameters":{"zeta":"2","alpha":"a b"},
         "multiValueQueryStringParameters":{"zeta":["1","2"],"alpha":["a b"],"e":["caf\u00e9/&"]},
         "requestContext":{"stage":"dev"},"body":"Body=hi","isBase64Encoded":false}
        """#
        _ = try await respond(Data(event.utf8))
        #expect(endpoint.requests.first?.query == "zeta=1&zeta=2&alpha=a%20b&e=caf%C3%A9%2F%26")
    }

    @Test func restQueryFallsBackToSingleValueParameters() async throws {
        let event = #"{"path":"/whatsapp","httpMethod":"POST","queryStringParameters":{"b":"1","a":"2"},"body":"x=1"}"#
        _ = try await respond(Data(event.utf8))
        #expect(endpoint.requests.first?.query == "b=1&a=2")
    }

    @Test(arguments: [
        ("not json", 400),
        ("[1,2,3]", 400),
        (#"{"hello":"world"}"#, 400),
        (#"{"path":"/whatsapp","httpMethod":"POST","body":"%%%","isBase64Encoded":true}"#, 400),
        (#"{"path":"/email","httpMethod":"POST","body":"a=b"}"#, 404),
        (#"{"path":"/whatsapp/extra","httpMethod":"POST","body":"a=b"}"#, 404),
        (#"{"path":"/whatsapp","httpMethod":"GET"}"#, 405),
        (#"{"version":"2.0","rawPath":"/dev/whatsapp","requestContext":{"http":{"method":"PUT"},"stage":"dev"}}"#, 405),
        (#"{"version":"2.0","rawPath":"/dev/wh%zzatsapp","requestContext":{"http":{"method":"POST"},"stage":"dev"}}"#, 400),
        (#"{"version":"2.0","requestContext":{"http":{"method":"POST"}}}"#, 400),
        ("", 400),
    ])
    func malformedEventsGetAClientErrorAndNeverReachTheEndpoint(event: String, status: Int) async throws {
        let response = try await respond(Data(event.utf8))
        #expect(response.statusCode == status)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(endpoint.requests.isEmpty)
    }

    @Test func wronglyTypedFieldsAreTreatedAsAbsent() async throws {
        let event = #"{"path":"/whatsapp","httpMethod":"POST","headers":{"X-Twilio-Signature":null,"Host":7},"body":"a=b","isBase64Encoded":"no","extra":{"x":[1]}}"#
        let response = try await respond(Data(event.utf8))
        #expect(response.statusCode == 200)
        #expect(endpoint.requests.first?.body == Array("a=b".utf8))
        #expect(endpoint.requests.first?.headers["X-Twilio-Signature"] == nil)
    }

    @Test func endpointStatusAndTypeArePassedThrough() async throws {
        var router = HTTPRouter()
        router.add(.post, "/whatsapp") { _ in .text(503, "retry later") }
        let handler = HTTPEventHandler(router: router)
        let output = try await handler.handle(Events.v1(), context: engine.context())
        let response = try JSONDecoder().decode(APIGatewayProxyResponse.self, from: output)
        #expect(response.statusCode == 503)
        #expect(response.body == "retry later\n")
    }
}
