"""pytest plugin entry point for mockmessenger (registered through ``pytest11``)."""
