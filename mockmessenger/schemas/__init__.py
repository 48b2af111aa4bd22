"""JSON Schemas shipped with mockmessenger; a regular package so importlib.resources finds them."""
