#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `_X_AMZN_TRACE_ID`, which X-Ray aware code (and the AWS SDKs) read from the process
/// environment. The loop serves one invocation at a time, so a process-wide variable is exact.
enum TraceEnvironment {
    static let variable = "_X_AMZN_TRACE_ID"

    static func set(_ traceId: String?) {
        if let traceId, !traceId.isEmpty {
            setenv(variable, traceId, 1)
        } else {
            unsetenv(variable)
        }
    }
}
