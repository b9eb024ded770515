"""What every package shares and nothing else: the settings, one way to open the database, one clock, the dialogue
contract.

The lowest layer (tests/test_layers.py): it imports no other package of ours, and every package may import it.
"""
