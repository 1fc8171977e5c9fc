// Placeholder until the Twilio module lands.
