"""Custom actions for the Rasa assistant (rasa-sdk action server, Python 3.11).

Actions stay thin: they read the tracker, call the domain modules (knowledge/, cases/, claims/) and reply.
Run with `python -m actions.server` (loopback, and only for callers with ACTION_SERVER_TOKEN: actions/server.py).
"""
