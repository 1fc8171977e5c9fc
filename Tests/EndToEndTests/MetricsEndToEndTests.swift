import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore
import TestFakes
import Testing
import Twilio

/// `GET /metrics` of the real `serve` after an end-to-end run: the counts match what happened,
/// the labels carry no number, address or id, and the listener is where the configuration says.
@Suite(.serialized)
struct MetricsEndToEndTests {
    let tenant = SampleTenant()

    func harness(_ extra: [String: String]) async throws -> (environment: [String: String], fakes: TenantFakes) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fakes = try await TenantFakes.start(for: tenant)
        let environment = fakes.environment.merging([
            "REPLIES_DATA_DIR": directory.appendingPathComponent("data").path,
            // Long enough for the burst to land in one batch on a loaded machine; a message that
            // still misses it waits for the lease (the minimum, 30 s), which quiescence outlasts.
            "BATCH_WINDOW_SECONDS": "3",
            "REPLY_LEASE_SECONDS": "30",
            "LOG_LEVEL": "info",
        ].merging(extra) { $1 }) { _, new in new }
        _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        return (environment, fakes)
    }

    func get(_ url: String) async throws -> (status: Int, contentType: String?, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "content-type"), String(buffer: body))
    }

    /// The value of the sample `name{labels}` in Prometheus text, nil when absent.
    func sample(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test("serve on METRICS_PORT with JSON logs: /metrics counts the run, the main port has no /metrics")
    func separateListenerCountsTheRun() async throws {
        let (environment, fakes) = try await harness(["METRICS_PORT": "0", "LOG_FORMAT": "json"])
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()
        let metricsAddress = try await poll(timeout: .seconds(30), "the metrics listener") { () -> String? in
            let prefix = "replies-engine metrics listening on "
            return engine.standardOutput.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        #expect(metricsAddress.hasPrefix("127.0.0.1:"))

        for body in ["Hi, Tuesday works", "Can I bring my partner?", "And is there parking?"] {
            #expect(try await postSigned(body, tenant: tenant, to: address).status == 200)
        }
        var forged = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: "forged", accountSid: tenant.accountSid)
        forged.messageSid = SimulatedWebhook.randomSid(prefix: "SM")
        let refused = try await forged.post(to: "http://\(address)", signingBaseURL: tenant.publicBaseURL, authToken: "not-the-token", timeout: .seconds(10))
        #expect(refused.status == 403)

        _ = try await poll(timeout: .seconds(30), "the reply to be sent") {
            await fakes.twilio.sentMessages().isEmpty ? nil : true
        }
        try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId) {
            await fakes.openAI.requests().count + fakes.twilio.requests().count
        }
        // Normally one batch; a loaded machine may split the burst in two. Either way the
        // metrics count exactly what the fakes saw. A batch's counters are recorded as it
        // settles, just after its record is written.
        let sends = await fakes.twilio.sentMessages().count
        let modelCalls = await fakes.openAI.requests().count
        #expect((1...2).contains(sends))
        let scrape = try await poll(timeout: .seconds(15), "the batches in /metrics") { () -> (status: Int, contentType: String?, body: String)? in
            let scraped = try await get("http://\(metricsAddress)/metrics")
            return sample(scraped.body, #"replies_batches_total{outcome="answered"}"#) == Double(sends) ? scraped : nil
        }
        #expect(scrape.status == 200)
        #expect(scrape.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = scrape.body
        #expect(sample(text, #"replies_webhooks_total{channel="whatsapp",outcome="accepted"}"#) == 3)
        #expect(sample(text, #"replies_webhooks_total{channel="whatsapp",outcome="forbidden"}"#) == 1)
        #expect(sample(text, "replies_model_latency_seconds_count") == Double(modelCalls))
        #expect(sample(text, "replies_send_latency_seconds_count") == Double(sends))
        #expect(sample(text, #"replies_batch_duration_seconds_count{outcome="answered"}"#) == Double(sends))
        #expect((sample(text, #"replies_model_tokens_total{direction="input"}"#) ?? 0) > 0)
        #expect((sample(text, #"replies_model_tokens_total{direction="output"}"#) ?? 0) > 0)
        // The sweeper's first pass runs at start.
        #expect(sample(text, "replies_oldest_pending_age_seconds") != nil)
        #expect(!text.contains("replies_model_errors_total{"))
        #expect(!text.contains("replies_send_errors_total{"))

        // Every label value is a plain token: no number, address, SID or conversation id.
        let values = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.flatMap { line -> [String] in
            guard let open = line.firstIndex(of: "{"), let close = line.firstIndex(of: "}") else { return [] }
            return line[line.index(after: open)..<close].split(separator: ",").compactMap { pair in
                pair.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        #expect(!values.isEmpty)
        for value in values where !value.hasPrefix("+Inf") && Double(value) == nil {
            #expect(value.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "label value \(value)")
        }
        for personal in [tenant.user, tenant.company, tenant.conversationId, String(tenant.user.dropFirst())] {
            #expect(!text.contains(personal), "/metrics contains \(personal)")
        }

        // Only the metrics listener serves /metrics.
        #expect(try await get("http://\(address)/metrics").status == 404)

        engine.terminate()
        #expect(try await engine.waitForExit() == 0)
        // LOG_FORMAT=json: every line of the log is one JSON object with the text logs' fields,
        // numbers masked as in the text logs.
        let lines = engine.standardError.split(separator: "\n")
        #expect(lines.count > 3)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(object["level"] is String && object["message"] is String && object["timestamp"] is String)
        }
        #expect(lines.contains { $0.contains(#""message":"batch finished""#) })
        for secret in [tenant.user, tenant.company, tenant.authToken] {
            #expect(!engine.standardError.contains(secret), "the log contains '\(secret)'")
        }
        try await fakes.openAI.stop()
        try await fakes.twilio.stop()
    }

    @Test("without METRICS_PORT, /metrics is on the main port")
    func mainPortServesMetrics() async throws {
        let (environment, fakes) = try await harness([:])
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()
        #expect(try await postSigned("Hello", tenant: tenant, to: address).status == 200)
        let scrape = try await get("http://\(address)/metrics")
        #expect(scrape.status == 200)
        #expect(sample(scrape.body, #"replies_webhooks_total{channel="whatsapp",outcome="accepted"}"#) == 1)
        engine.terminate()
        _ = try await engine.waitForExit()
        try await fakes.openAI.stop()
        try await fakes.twilio.stop()
    }
}
