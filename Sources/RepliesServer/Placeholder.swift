// Placeholder until the RepliesServer module lands.
