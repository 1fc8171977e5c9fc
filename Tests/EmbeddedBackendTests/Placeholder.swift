import Testing

@Test func placeholderEmbeddedBackendTests() {}
