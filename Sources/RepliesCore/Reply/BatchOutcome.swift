/// What the queue should do with a trigger after ``BatchProcessor`` ran it.
package enum BatchOutcome: Sendable, Hashable {
    /// Finished (answered, handed off, nothing to do…): delete the trigger.
    case done(String)
    /// Try again later: make the trigger visible after `after`.
    case retry(after: Duration, reason: String)
    /// Cannot succeed: move the trigger to the dead-letter queue (a human was notified if a
    /// conversation was involved).
    case deadLetter(reason: String)

    package var label: String {
        switch self {
        case .done(let what): what
        case .retry: "retry"
        case .deadLetter: "dead_letter"
        }
    }
}
