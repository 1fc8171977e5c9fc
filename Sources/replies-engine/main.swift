print("replies-engine: under construction")
