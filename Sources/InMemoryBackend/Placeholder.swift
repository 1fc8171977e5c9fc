// Placeholder until the InMemoryBackend module lands.
