import Foundation
import Logging
import RepliesConfiguration
import RepliesObservability

enum LogSetup {
    /// Logs go to standard error (standard output carries command results), at `level`, as
    /// text or (`LOG_FORMAT=json`) one JSON object per line.
    static func bootstrap(level: Logger.Level, format: LogFormat = .text) -> Logger {
        // The text handler's timestamp calls `strftime`, which makes glibc stat the zone file on
        // every line while `TZ` is unset; naming the same zone explicitly reads it once.
        if format == .text, getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 0) }
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
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
