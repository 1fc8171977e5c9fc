import Logging

/// The metadata a log line carries, the same for every handler of ours: the handler's own, then
/// the provider's, then the call's (later ones win), then the error passed to the call, as
/// swift-log's `StreamLogHandler` merges them.
enum LogMetadata {
    static func merged(_ base: Logger.Metadata, provider: Logger.MetadataProvider?, event: LogEvent) -> Logger.Metadata {
        var merged = base
        if let provided = provider?.get(), !provided.isEmpty { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata, !extra.isEmpty { merged.merge(extra) { _, new in new } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}
