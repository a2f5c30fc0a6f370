"""An independent, naive implementation of the specification and the tests that hold the engine,
the CLI and the Excel appendix to it."""
