"""The network guard: the test suite proves that Pancarte never reaches the network."""
