package import Foundation

/// The instant by which the current invocation's work must be over: a Lambda worker batch's
/// budget, a webhook's answer to Twilio. Set around the work (a task-local value, so every call
/// the work makes, in child and unstructured tasks too, sees it) and read by the adapters: an
/// attempt never runs past it, and no retry starts that could not finish by it. A call cut short
/// by it fails as a timeout, counted as an attempt like any other.
///
/// ```swift
/// await InvocationDeadline.$current.withValue(clock.now().adding(budget)) {
///     await processor.process(trigger, channel: channel, attempt: attempt)
/// }
/// let left = InvocationDeadline.remaining(now: clock.now())   // nil: no deadline (`serve`)
/// ```
package enum InvocationDeadline {
    @TaskLocal package static var current: Date?

    /// Time left before the deadline at `now` (zero once it has passed); nil without a deadline.
    package static func remaining(now: Date) -> Duration? {
        guard let current else { return nil }
        let milliseconds = (current.timeIntervalSince(now) * 1000).rounded(.down)
        return milliseconds > 0 ? .milliseconds(Int64(milliseconds)) : .zero
    }
}
