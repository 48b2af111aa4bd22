"""Data files shipped with mockmessenger (the default policy); a regular package so importlib.resources finds it."""
