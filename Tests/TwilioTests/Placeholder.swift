import Testing

@Test func placeholderTwilioTests() {}
