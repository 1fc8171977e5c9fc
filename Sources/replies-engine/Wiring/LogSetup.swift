import Foundation
import Logging
import RepliesConfiguration
import RepliesObservability

enum LogSetup {
    /// Logs go to standard error (standard output carries command results), at `level`, as
    /// text or (`LOG_FORMAT=json`) one JSON object per line.
    static func bootstrap(level: Logger.Level, format: LogFormat = .text) -> Logger {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "replies-engine")
        logger.logLevel = level
        return logger
    }
}
