import AsyncHTTPClient
import Foundation
import NIOCore
import TestFakes
import Testing
import NIOHTTP1

/// The fake must refuse what Twilio refuses, or client tests would pass against a lenient fake.
@Suite struct FakeTwilioTests {
    struct Answer {
        var status: Int
        var json: [String: Any]
    }

    private func post(_ twilio: FakeTwilio, form: String, authorization: String? = Self.basic, path: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: twilio.baseURL + (path ?? "/2010-04-01/Accounts/\(Fixture.accountSid)/Messages.json"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
        return Answer(status: Int(response.status.code), json: json)
    }

    static let basic = "Basic " + Data("\(Fixture.accountSid):\(Fixture.authToken)".utf8).base64EncodedString()
    static let valid = "To=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B15005550006&Body=Hi"

    @Test func successLooksLikeTwilio() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let answer = try await post(twilio, form: Self.valid)
            #expect(answer.status == 201)
            let sid = try #require(answer.json["sid"] as? String)
            #expect(sid.wholeMatch(of: /SM[0-9a-f]{32}/) != nil)
            #expect(answer.json["status"] as? String == "queued")
            #expect(answer.json["direction"] as? String == "outbound-api")
            #expect(answer.json["account_sid"] as? String == Fixture.accountSid)
            #expect(answer.json["to"] as? String == "whatsapp:+447700900123")
            #expect(answer.json["from"] as? String == "whatsapp:+15005550006")
            #expect(answer.json["body"] as? String == "Hi")
            let date = try #require(answer.json["date_created"] as? String)
            #expect(date.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000/) != nil)
            #expect(answer.json["error_code"] is NSNull)
        }
    }

    @Test func authenticationIsChecked() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let wrong = "Basic " + Data("\(Fixture.accountSid):nope".utf8).base64EncodedString()
            for authorization in [nil, wrong, "Bearer x", "Basic !!!"] {
                let answer = try await post(twilio, form: Self.valid, authorization: authorization)
                #expect(answer.status == 401)
                #expect(answer.json["code"] as? Int == 20003)
                #expect(answer.json["message"] as? String == "Authenticate")
                #expect(answer.json["status"] as? Int == 401)
                #expect(answer.json["more_info"] as? String == "https://www.twilio.com/docs/errors/20003")
            }
            #expect(await twilio.sentMessages().isEmpty)
        }
    }

    @Test(arguments: [
        ("From=whatsapp%3A%2B15005550006&Body=Hi", 21604),
        ("To=whatsapp%3A%2B447700900123&Body=Hi", 21603),
        ("To=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B15005550006", 21602),
        ("To=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B15005550006&Body=", 21602),
        ("To=447700900123&From=whatsapp%3A%2B15005550006&Body=Hi", 21211),
        ("To=whatsapp%3A%2B44+7700&From=whatsapp%3A%2B15005550006&Body=Hi", 21211),
        ("To=whatsapp%3A%2B447700900123&From=15005550006&Body=Hi", 21212),
        ("To=%2B447700900123&From=whatsapp%3A%2B15005550006&Body=Hi", 21910),
    ])
    func badRequestsAreRefused(form: String, code: Int) async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let answer = try await post(twilio, form: form)
            #expect(answer.status == 400)
            #expect(answer.json["code"] as? Int == code)
            #expect(await twilio.sentMessages().isEmpty)
        }
    }

    @Test func longBodiesAreRefused() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let body = String(repeating: "a", count: 1599) + "%F0%9F%91%8D"  // 1601 UTF-16 units
            let answer = try await post(twilio, form: "To=%2B447700900123&From=%2B15005550006&Body=" + body)
            #expect(answer.status == 400)
            #expect(answer.json["code"] as? Int == 21617)
        }
    }

    @Test func otherAccountsAndPathsAreNotFound() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let other = try await post(twilio, form: Self.valid, path: "/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages.json")
            #expect(other.status == 404 && other.json["code"] as? Int == 20404)
            let unknown = try await post(twilio, form: Self.valid, path: "/2010-04-01/Accounts/\(Fixture.accountSid)/Calls.json")
            #expect(unknown.status == 404)
        }
    }

    @Test func additionalAccountsAuthenticate() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let sid = "AC" + String(repeating: "1", count: 32)
            await twilio.addAccount(sid: sid, authToken: "second-fake-token")
            let basic = "Basic " + Data("\(sid):second-fake-token".utf8).base64EncodedString()
            let answer = try await post(twilio, form: Self.valid, authorization: basic, path: "/2010-04-01/Accounts/\(sid)/Messages.json")
            #expect(answer.status == 201 && answer.json["account_sid"] as? String == sid)
        }
    }
}
