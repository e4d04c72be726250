"""Thai text: character facts, mechanical repair passes, the dictionary and its repair, numbers,
periods (pure; rules passed in)."""
