// Placeholder until the EmbeddedBackend module lands.
