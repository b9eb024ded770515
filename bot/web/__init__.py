"""The web process: web chat for workers (and, from the console issue on, the staff console)."""
