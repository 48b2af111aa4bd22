"""Graph surfaces of the fake platform: one module per API, routed by ``router``."""
