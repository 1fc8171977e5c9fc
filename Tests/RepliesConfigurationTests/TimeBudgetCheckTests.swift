import RepliesConfiguration
import Testing

/// The start-time check that retry schedules fit the Lambda functions' timeouts (issue 13 point
/// 10); an error names the keys to change.
@Suite("Time budgets: retry schedules fit the function's timeout")
struct TimeBudgetCheckTests {
    @Test("a model schedule that fits the worker's timeout less the margin is accepted")
    func workerFits() throws {
        try TimeBudgetCheck.worker(functionTimeout: .seconds(120), modelWorstCase: .milliseconds(96_500), deadlineMargin: .seconds(10))
        try TimeBudgetCheck.worker(functionTimeout: .seconds(120), modelWorstCase: .seconds(110), deadlineMargin: .seconds(10))
    }

    @Test("a model schedule longer than the worker's timeout names the model and timeout keys")
    func workerDoesNotFit() {
        #expect(throws: ConfigurationError.self) {
            try TimeBudgetCheck.worker(functionTimeout: .seconds(60), modelWorstCase: .milliseconds(96_500), deadlineMargin: .seconds(10))
        }
        do {
            try TimeBudgetCheck.worker(functionTimeout: .seconds(60), modelWorstCase: .milliseconds(96_500), deadlineMargin: .seconds(10))
        } catch {
            #expect(error.key == "OPENAI_TIMEOUT_SECONDS")
            #expect(error.description.contains("OPENAI_MAX_RETRIES") && error.description.contains("FUNCTION_TIMEOUT_SECONDS"))
            #expect(error.description.contains("96.5 s") && error.description.contains("has 50 s"))
        }
    }

    @Test("an AWS schedule must fit the lesser of the webhook's timeout and Twilio's wait")
    func webhook() throws {
        try TimeBudgetCheck.webhook(functionTimeout: .seconds(10), awsWorstCase: .milliseconds(6_300), answerMargin: .seconds(1), twilioWait: .seconds(15))
        // A 29 s webhook still has only Twilio's 15 s.
        do {
            try TimeBudgetCheck.webhook(functionTimeout: .seconds(29), awsWorstCase: .seconds(20), answerMargin: .seconds(1), twilioWait: .seconds(15))
            Issue.record("a 20 s AWS schedule was accepted for Twilio's 15 s")
        } catch {
            #expect(error.key == "AWS_ATTEMPT_TIMEOUT_SECONDS")
            #expect(error.description.contains("AWS_MAX_ATTEMPTS") && error.description.contains("has 14 s"))
        }
        #expect(throws: ConfigurationError.self) {
            try TimeBudgetCheck.webhook(functionTimeout: .seconds(3), awsWorstCase: .milliseconds(6_300), answerMargin: .seconds(1), twilioWait: .seconds(15))
        }
    }

    @Test("the keys are read and typed")
    func keys() throws {
        let config = try EngineConfiguration(environment: ["FUNCTION_TIMEOUT_SECONDS": "120", "OPENAI_MAX_RETRIES": "3"])
        #expect(config.functionTimeout == .seconds(120) && config.openAIMaxRetries == 3)
        #expect(try EngineConfiguration(environment: [:]).functionTimeout == nil)
        #expect(throws: ConfigurationError.self) { try EngineConfiguration(environment: ["OPENAI_MAX_RETRIES": "11"]) }
    }
}
