/// The body Lambda expects on `/invocation/{id}/error` and `/init/error`:
/// `{"errorMessage": …, "errorType": …, "stackTrace": []}`.
///
/// ```swift
/// let report = LambdaErrorReport(error)   // errorType = the Swift type name
/// ```
package struct LambdaErrorReport: Codable, Sendable, Hashable {
    package var errorMessage: String
    package var errorType: String
    package var stackTrace: [String]

    package init(errorMessage: String, errorType: String, stackTrace: [String] = []) {
        self.errorMessage = errorMessage
        self.errorType = errorType
        self.stackTrace = stackTrace
    }

    /// Describes any error; the type name becomes `errorType` (and the
    /// `Lambda-Runtime-Function-Error-Type` header), which is what CloudWatch groups by.
    package init(_ error: any Error) {
        self.init(errorMessage: String(describing: error), errorType: String(describing: type(of: error)))
    }
}
