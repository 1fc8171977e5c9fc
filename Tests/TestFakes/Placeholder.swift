// Placeholder until the fakes land.
