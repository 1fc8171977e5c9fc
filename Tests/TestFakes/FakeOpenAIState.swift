import Foundation
import RepliesCore

/// The fake's mutable state: recordings and scripted behaviour, serialised by the actor so
/// concurrent requests and test code never race.
actor FakeOpenAIState {
    /// What to do with a request once its delay (if any) has passed.
    enum Plan: Sendable {
        case answer(FakeOpenAIAnswer)
        case respond(FakeOpenAI.Responder, sequence: Int)
    }

    let apiKey: String
    private(set) var recorded: [FakeOpenAI.Request] = []
    private var responder: FakeOpenAI.Responder = { FakeOpenAI.defaultReply(to: $0) }
    private var failures: [FakeOpenAIAnswer] = []
    private var delays: [Duration] = []
    private var raws: [FakeOpenAIAnswer] = []
    private var sequence = 0
    /// The engine's own contract on top of the API's (see ``FakeOpenAI/enforceEngineContract()``).
    private var engineContract = false
    /// `/v1/audio/transcriptions`: requests received and what the fake "hears" in an audio file.
    var transcriptionRequests: [FakeOpenAI.TranscriptionRequest] = []
    var transcript: @Sendable (Data) -> String = { "(\($0.count) bytes of speech)" }
    func recordTranscription(_ request: FakeOpenAI.TranscriptionRequest) { transcriptionRequests.append(request) }
    func setTranscript(_ transcript: @escaping @Sendable (Data) -> String) { self.transcript = transcript }

    init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// Records the request and takes its scripted delay.
    func arrive(_ request: FakeOpenAI.Request) -> (delay: Duration?, sequence: Int) {
        recorded.append(request)
        sequence += 1
        return (delays.isEmpty ? nil : delays.removeFirst(), sequence)
    }

    /// Validation first, as OpenAI rejects bad requests whatever else is going on; then the
    /// scripted failures, then scripted raw bodies, then the responder.
    func plan(for request: FakeOpenAI.Request, sequence: Int) -> Plan {
        if let rejection = FakeOpenAIValidation.reject(request, apiKey: apiKey) { return .answer(rejection) }
        if engineContract, let breach = FakeOpenAIValidation.engineContractBreach(request) { return .answer(breach) }
        if !failures.isEmpty { return .answer(failures.removeFirst()) }
        if !raws.isEmpty { return .answer(raws.removeFirst()) }
        return .respond(responder, sequence: sequence)
    }

    func enforceEngineContract() { engineContract = true }

    func setResponder(_ responder: @escaping FakeOpenAI.Responder) {
        self.responder = responder
    }

    func failNext(_ answer: FakeOpenAIAnswer, count: Int) {
        failures.append(contentsOf: Array(repeating: answer, count: max(0, count)))
    }

    func delayNext(_ delay: Duration) {
        delays.append(delay)
    }

    func respondNextWithRaw(_ answer: FakeOpenAIAnswer) {
        raws.append(answer)
    }

    func clearRequests() {
        recorded.removeAll()
    }
}
