import Crypto
import Foundation
import Testing

@testable import AWSCore

/// The official aws-signing-test-suite v4 cases (see Vectors/README.md), byte for byte.
@Suite("SigV4 test-suite vectors")
struct SigV4VectorTests {
    static let cases = [
        "get-vanilla", "get-vanilla-with-session-token", "post-x-www-form-urlencoded",
        "get-vanilla-query-order-key-case", "get-utf8", "get-space-normalized", "post-header-key-sort",
    ]

    @Test("signature matches the suite", arguments: cases)
    func signatureMatches(name: String) throws {
        let vector = try SigV4Vector.load(name)
        let signature = vector.signer.sign(vector.request, at: vector.date, signContentHash: vector.signBody)
        #expect(signature.signature == vector.expectedSignature)
        if let authorization = vector.expectedAuthorization {
            #expect(signature.authorization == authorization)
        }
        for (name, value) in vector.expectedAddedHeaders {
            let added = signature.headersToAdd.first { $0.name.lowercased() == name.lowercased() }
            #expect(added?.value == value, "header \(name)")
        }
        if let canonical = vector.expectedCanonicalRequest {
            #expect(signature.canonicalRequest == canonical)
        }
        if let stringToSign = vector.expectedStringToSign {
            #expect(signature.stringToSign == stringToSign)
        }
    }

    @Test("hashed canonical requests quoted in external-apis.md §3.2")
    func hashedCanonicalRequests() throws {
        let expected = [
            "get-vanilla-with-session-token": "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b",
            "post-x-www-form-urlencoded": "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb",
        ]
        for (name, hash) in expected {
            let vector = try SigV4Vector.load(name)
            let signature = vector.signer.sign(vector.request, at: vector.date, signContentHash: vector.signBody)
            #expect(SHA256.hash(data: Data(signature.canonicalRequest.utf8)).hexString == hash, "\(name)")
        }
    }

    @Test("the signing key of the shared context")
    func signingKey() throws {
        let vector = try SigV4Vector.load("get-vanilla")
        let key = vector.signer.signingKey(day: "20150830")
        #expect(key.withUnsafeBytes { Data($0) }.hexString == "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75")
    }

    @Test("canonical forms of paths, queries and header values")
    func canonicalForms() {
        #expect(SigV4Encoding.canonicalPath("/") == "/")
        #expect(SigV4Encoding.canonicalPath("") == "/")
        #expect(SigV4Encoding.canonicalPath("/example space/") == "/example%20space/")
        #expect(SigV4Encoding.canonicalPath("//a/./b/../c//") == "/a/c/")
        #expect(SigV4Encoding.canonicalQuery([("b", "2"), ("a", "x y"), ("a", "1")]) == "a=1&a=x%20y&b=2")
        #expect(SigV4Encoding.canonicalQuery([("k", "a/b=c~")]) == "k=a%2Fb%3Dc~")
        #expect(SigV4Encoding.canonicalHeaderValue("  a   b \t c  ") == "a b c")
        #expect(SigV4Encoding.timestamps(epochSeconds: 1_440_938_160) == ("20150830T123600Z", "20150830"))
        #expect(SigV4Encoding.timestamps(epochSeconds: 951_782_400) == ("20000229T000000Z", "20000229"))
        #expect(SigV4Encoding.timestamps(epochSeconds: 0) == ("19700101T000000Z", "19700101"))
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

/// One case of the suite, parsed from its files.
struct SigV4Vector {
    var signer: SigV4Signer
    var date: Date
    var signBody: Bool
    var request: SigV4Request
    var expectedSignature: String
    var expectedAuthorization: String?
    var expectedAddedHeaders: [(String, String)]
    var expectedCanonicalRequest: String?
    var expectedStringToSign: String?

    /// Headers the signer adds itself; the rest of a signed request is the request to sign.
    static let addedHeaders: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]

    static func load(_ name: String) throws -> SigV4Vector {
        let folder = try #require(Bundle.module.url(forResource: "Vectors/\(name)", withExtension: nil))
        func text(_ file: String) -> String? {
            try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        let context = try JSONDecoder().decode(Context.self, from: Data(try #require(text("context.json")).utf8))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: context.credentials.accessKeyId, secretAccessKey: context.credentials.secretAccessKey,
                sessionToken: context.credentials.token),
            region: context.region, service: context.service)
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))

        var expectedAuthorization: String?
        var expectedAdded: [(String, String)] = []
        let request: SigV4Request
        if let signed = text("header-signed-request.txt") {
            let parsed = try HTTPText.parse(signed)
            for header in parsed.headers where addedHeaders.contains(header.name.lowercased()) {
                if header.name.lowercased() == "authorization" { expectedAuthorization = header.value } else { expectedAdded.append(header) }
            }
            request = SigV4Request(
                method: parsed.method, path: parsed.path, query: parsed.query,
                headers: parsed.headers.filter { !addedHeaders.contains($0.name.lowercased()) }, body: parsed.body)
        } else {
            let parsed = try HTTPText.parse(try #require(text("request.txt")))
            request = SigV4Request(method: parsed.method, path: parsed.path, query: parsed.query, headers: parsed.headers, body: parsed.body)
        }
        let signature = try text("header-signature.txt")
            ?? #require(expectedAuthorization?.components(separatedBy: "Signature=").last)
        return SigV4Vector(
            signer: signer, date: date, signBody: context.signBody ?? false, request: request,
            expectedSignature: signature.trimmingCharacters(in: .whitespacesAndNewlines),
            expectedAuthorization: expectedAuthorization, expectedAddedHeaders: expectedAdded,
            expectedCanonicalRequest: text("header-canonical-request.txt"), expectedStringToSign: text("header-string-to-sign.txt"))
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
            enum CodingKeys: String, CodingKey { case accessKeyId = "access_key_id", secretAccessKey = "secret_access_key", token }
        }
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var signBody: Bool?
        enum CodingKeys: String, CodingKey { case credentials, region, service, timestamp, signBody = "sign_body" }
    }
}

/// The suite's request text: `METHOD path?query HTTP/1.1`, `Name:value` lines, a blank line, the body.
enum HTTPText {
    struct Parsed {
        var method: String
        var path: String
        var query: [(name: String, value: String)]
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    struct Malformed: Error {}

    static func parse(_ text: String) throws -> Parsed {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0].components(separatedBy: "\n")
        let body = parts.dropFirst().joined(separator: "\n\n")
        let requestLine = head[0]
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " ") else { throw Malformed() }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query: [(name: String, value: String)] = pathAndQuery.count > 1
            ? pathAndQuery[1].split(separator: "&").map { pair in
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
            }
            : []
        let headers: [(name: String, value: String)] = try head.dropFirst().map { line in
            guard let colon = line.firstIndex(of: ":") else { throw Malformed() }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        return Parsed(method: method, path: String(pathAndQuery[0]), query: query, headers: headers, body: Array(body.utf8))
    }
}
