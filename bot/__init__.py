"""Channels and the gateway: every worker message comes in here, is stored, sent to Rasa, and answered."""
