import Foundation
import Logging

enum LogSetup {
    /// Logs go to standard error (standard output carries command results), at `level`.
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "replies-engine")
        logger.logLevel = level
        return logger
    }
}
