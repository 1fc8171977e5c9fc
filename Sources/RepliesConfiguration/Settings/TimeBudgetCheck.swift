import RepliesCore

/// The start-time check that the retry schedules fit the time a Lambda function has
/// (`FUNCTION_TIMEOUT_SECONDS`, which the template passes): a model call's retries must fit the
/// worker's timeout, an AWS call's retries the webhook's (and Twilio's 15 s wait). Each
/// invocation then enforces its own deadline (``RepliesCore/InvocationDeadline``); this check
/// makes sure that deadline leaves room for the whole schedule instead of cutting it every time.
/// The worst cases are computed by the adapters (`OpenAIResponsesConfiguration.worstCaseCall`,
/// `AWSJSONClient.worstCase`), which this module does not link.
///
/// ```swift
/// try TimeBudgetCheck.worker(functionTimeout: .seconds(120), modelWorstCase: openAI.worstCaseCall, deadlineMargin: .seconds(10))
/// ```
package enum TimeBudgetCheck {
    /// The worker abandons a batch `deadlineMargin` before its deadline; one model call's whole
    /// retry schedule (with its reserve for recording) must fit before that.
    package static func worker(functionTimeout: Duration, modelWorstCase: Duration, deadlineMargin: Duration) throws(ConfigurationError) {
        let available = functionTimeout - deadlineMargin
        guard modelWorstCase <= available else {
            let keys = [ModelKeys().timeout.name, ModelKeys().maxRetries.name, EngineKeys().functionTimeout.name]
            throw .doesNotFit(keys: keys, detail: "a model call with every attempt timing out takes up to \(seconds(modelWorstCase)), "
                + "but the worker has \(seconds(available)) (its timeout \(seconds(functionTimeout)) less \(seconds(deadlineMargin)) "
                + "to report the batch); lower \(keys[0]) or \(keys[1]), or raise the worker's timeout (template parameter WorkerTimeout)")
        }
    }

    /// The webhook must answer before Twilio stops waiting and before its own timeout, keeping
    /// `answerMargin` to answer; one AWS call's whole retry schedule must fit before that.
    package static func webhook(
        functionTimeout: Duration, awsWorstCase: Duration, answerMargin: Duration, twilioWait: Duration
    ) throws(ConfigurationError) {
        let available = min(functionTimeout, twilioWait) - answerMargin
        guard awsWorstCase <= available else {
            let keys = [AWSKeys().attemptTimeout.name, AWSKeys().maxAttempts.name, EngineKeys().functionTimeout.name]
            throw .doesNotFit(keys: keys, detail: "an AWS call with every attempt timing out takes up to \(seconds(awsWorstCase)), "
                + "but the webhook has \(seconds(available)) (the lesser of its timeout \(seconds(functionTimeout)) and Twilio's "
                + "\(seconds(twilioWait)) wait, less \(seconds(answerMargin)) to answer); lower \(keys[0]) or \(keys[1])")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int64(value)) s" : "\((value * 100).rounded() / 100) s"
    }
}
