import AWSBackend
import AWSCore
import OpenAIResponses
import RepliesConfiguration
import RepliesLambda

/// The start-time budget checks of the Lambda handlers, with the worst cases computed by the
/// adapters that own the retry schedules. Skipped when `FUNCTION_TIMEOUT_SECONDS` is not set
/// (`serve`, or a function deployed without the template).
enum LambdaTimeBudgets {
    static func checkWorker(_ config: EngineConfiguration) throws(ConfigurationError) {
        guard let functionTimeout = config.functionTimeout, config.model == .openai else { return }
        let model = OpenAIResponsesConfiguration(maxRetries: config.openAIMaxRetries, requestTimeout: config.openAITimeout)
        try TimeBudgetCheck.worker(
            functionTimeout: functionTimeout, modelWorstCase: model.worstCaseCall, deadlineMargin: TriggerEventSettings().deadlineMargin)
    }

    static func checkWebhook(_ config: EngineConfiguration) throws(ConfigurationError) {
        guard let functionTimeout = config.functionTimeout, let client = config.aws?.client else { return }
        // The webhook calls DynamoDB, SQS and Secrets Manager: the longest of their schedules.
        let worst = [DynamoDBClient.defaultRetryPolicy, AWSRetryPolicy.standard].map { policy in
            AWSJSONClient.worstCase(attempts: client.maxAttempts ?? policy.maxAttempts, attemptTimeout: client.attemptTimeout, policy: policy)
        }.max() ?? .zero
        try TimeBudgetCheck.webhook(
            functionTimeout: functionTimeout, awsWorstCase: worst, answerMargin: HTTPEventHandler.answerMargin, twilioWait: HTTPEventHandler.twilioWait)
    }
}
