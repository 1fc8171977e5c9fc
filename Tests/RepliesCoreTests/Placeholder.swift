import Testing

@Test func placeholderRepliesCoreTests() {}
