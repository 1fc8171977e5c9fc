import Testing

@testable import AWSCore

@Suite("Credentials, region and endpoint resolution")
struct ConfigurationTests {
    let base = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake-secret", "AWS_REGION": "eu-north-1"]

    @Test("standard endpoints per service and region")
    func standardEndpoints() throws {
        let configuration = try AWSClientConfiguration(environment: base)
        #expect(configuration.endpoint(for: .dynamoDB).url == "https://dynamodb.eu-north-1.amazonaws.com/")
        #expect(configuration.endpoint(for: .sqs).url == "https://sqs.eu-north-1.amazonaws.com/")
        #expect(configuration.endpoint(for: .secretsManager).url == "https://secretsmanager.eu-north-1.amazonaws.com/")
        #expect(configuration.credentials.sessionToken == nil)
        var china = base
        china["AWS_REGION"] = "cn-north-1"
        #expect(try AWSClientConfiguration(environment: china).endpoint(for: .sqs).host == "sqs.cn-north-1.amazonaws.com.cn")
    }

    @Test("service-specific override beats AWS_ENDPOINT_URL")
    func overrides() throws {
        var environment = base
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000"
        environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "http://localhost:6000/"
        environment["AWS_SESSION_TOKEN"] = "token"
        let configuration = try AWSClientConfiguration(environment: environment)
        #expect(configuration.endpoint(for: .dynamoDB).url == "http://127.0.0.1:5000/")
        #expect(configuration.endpoint(for: .sqs).hostHeader == "127.0.0.1:5000")
        #expect(configuration.endpoint(for: .secretsManager).hostHeader == "localhost:6000")
        #expect(configuration.credentials.sessionToken == "token")
        #expect(!configuration.credentials.description.contains("fake-secret"))
    }

    @Test("AWS_DEFAULT_REGION is the fallback")
    func defaultRegion() throws {
        var environment = base
        environment["AWS_REGION"] = nil
        environment["AWS_DEFAULT_REGION"] = "us-west-2"
        #expect(try AWSClientConfiguration(environment: environment).region == "us-west-2")
    }

    @Test("missing or invalid keys are named", arguments: [
        ("AWS_ACCESS_KEY_ID", nil as String?), ("AWS_SECRET_ACCESS_KEY", nil), ("AWS_REGION", nil), ("AWS_REGION", "eu north"),
        ("AWS_ENDPOINT_URL", "ftp://x"), ("AWS_ENDPOINT_URL_DYNAMODB", "not a url"), ("AWS_ENDPOINT_URL_SQS", "http://h:1/?q=1"),
    ])
    func failures(key: String, value: String?) {
        var environment = base
        environment[key] = value
        #expect {
            try AWSClientConfiguration(environment: environment)
        } throws: { error in
            (error as? AWSConfigurationError)?.key == key && "\(error)".hasPrefix(key)
        }
    }

    @Test("default ports are left out of the Host header")
    func hostHeader() throws {
        #expect(try AWSEndpoint(url: "https://example.com:443", key: "K").hostHeader == "example.com")
        #expect(try AWSEndpoint(url: "http://example.com:80", key: "K").hostHeader == "example.com")
        #expect(try AWSEndpoint(url: "http://example.com:8080", key: "K").hostHeader == "example.com:8080")
    }
}
