import Testing

@testable import AWSCore

@Suite("Endpoints")
struct ConfigurationTests {
    @Test("standard endpoints per service and region")
    func standardEndpoints() {
        #expect(AWSEndpoint.standard(for: .dynamoDB, region: "eu-north-1").url == "https://dynamodb.eu-north-1.amazonaws.com/")
        #expect(AWSEndpoint.standard(for: .sqs, region: "cn-north-1").host == "sqs.cn-north-1.amazonaws.com.cn")
    }

    @Test("credentials never show the secret")
    func credentialsDescription() {
        let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret", sessionToken: "token")
        #expect(!credentials.description.contains("fake-secret"))
    }

    @Test("default ports are left out of the Host header")
    func hostHeader() throws {
        #expect(try AWSEndpoint(url: "https://example.com:443", key: "K").hostHeader == "example.com")
        #expect(try AWSEndpoint(url: "http://example.com:80", key: "K").hostHeader == "example.com")
        #expect(try AWSEndpoint(url: "http://example.com:8080", key: "K").hostHeader == "example.com:8080")
    }
}
