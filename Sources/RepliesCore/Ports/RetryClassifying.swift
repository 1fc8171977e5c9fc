/// Whether a failure is worth retrying. Adapters' errors conform; an error that does not is
/// treated as transient (retrying is safe: every write is idempotent or lease-guarded).
package protocol RetryClassifying: Error {
    var retryDisposition: RetryDisposition { get }
}

package enum RetryDisposition: Sendable, Hashable {
    case transient(retryAfter: Duration?)
    case permanent
}

extension RetryDisposition {
    package static func of(_ error: any Error) -> RetryDisposition {
        (error as? any RetryClassifying)?.retryDisposition ?? .transient(retryAfter: nil)
    }
}
