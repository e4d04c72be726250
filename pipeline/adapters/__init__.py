"""The only modules that import third-party libraries: one library (or one kind of library) each."""
