import Foundation
import LambdaRuntime

/// Builders for the JSON events API Gateway and SQS send, written as the services write them.
enum Events {
    static let form = "Body=Hello%20there&From=whatsapp%3A%2B447700900123&MessageSid=SM00000000000000000000000000000001&To=whatsapp%3A%2B15005550006"
    static let signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="

    static func json(_ object: [String: Any]) -> Data {
        // Test input only: the dictionaries below are always valid JSON objects.
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// A REST API (payload 1.0) proxy event as API Gateway sends it for `POST /whatsapp`.
    static func v1(
        path: String = "/whatsapp", method: String = "POST", body: String? = form, base64: Bool = false,
        headers: [String: Any]? = ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature, "Host": "abc123.execute-api.eu-north-1.amazonaws.com"]
    ) -> Data {
        var event: [String: Any] = [
            "resource": path, "path": path, "httpMethod": method,
            "headers": headers ?? NSNull(),
            "multiValueHeaders": (headers ?? [:]).mapValues { [$0] },
            "queryStringParameters": NSNull(), "multiValueQueryStringParameters": NSNull(),
            "pathParameters": NSNull(), "stageVariables": NSNull(),
            "requestContext": ["stage": "dev", "path": "/dev\(path)", "domainName": "abc123.execute-api.eu-north-1.amazonaws.com", "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"],
            "isBase64Encoded": base64,
        ]
        if let body { event["body"] = base64 ? Data(body.utf8).base64EncodedString() : body } else { event["body"] = NSNull() }
        return json(event)
    }

    /// An HTTP API (payload 2.0) event: lower-case headers, form bodies base64-encoded.
    static func v2(
        rawPath: String = "/dev/whatsapp", rawQuery: String = "", method: String = "POST", body: String? = form, base64: Bool = true,
        headers: [String: String] = ["content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature]
    ) -> Data {
        var event: [String: Any] = [
            "version": "2.0", "routeKey": "POST /whatsapp", "rawPath": rawPath, "rawQueryString": rawQuery,
            "headers": headers,
            "requestContext": [
                "http": ["method": method, "path": rawPath, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "TwilioProxy/1.1"],
                "stage": "dev", "domainName": "abc123.execute-api.eu-north-1.amazonaws.com", "timeEpoch": 1_767_225_600_000,
            ],
            "isBase64Encoded": base64,
        ]
        if let body { event["body"] = base64 ? Data(body.utf8).base64EncodedString() : body }
        return json(event)
    }

    static let whatsappQueueARN = "arn:aws:sqs:eu-north-1:000000000000:ai-multi-comms-replies-whatsapp-queue-dev"
    static let smsQueueARN = "arn:aws:sqs:eu-north-1:000000000000:ai-multi-comms-replies-sms-queue-dev"

    struct Record {
        var messageId: String
        var receipt: String?
        var body: String
        var receiveCount: Int = 1
        var queueARN: String = Events.whatsappQueueARN
    }

    /// An SQS event as the event source mapping delivers it.
    static func sqs(_ records: [Record]) -> Data {
        json([
            "Records": records.map { record -> [String: Any] in
                var item: [String: Any] = [
                    "messageId": record.messageId, "body": record.body,
                    "attributes": [
                        "ApproximateReceiveCount": "\(record.receiveCount)", "SentTimestamp": "1767225600000",
                        "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": "1767225600010",
                    ],
                    "messageAttributes": [:], "md5OfBody": "0123456789abcdef0123456789abcdef",
                    "eventSource": "aws:sqs", "eventSourceARN": record.queueARN, "awsRegion": "eu-north-1",
                ]
                if let receipt = record.receipt { item["receiptHandle"] = receipt }
                return item
            }
        ])
    }
}
