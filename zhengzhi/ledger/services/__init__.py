"""Every change of a problem goes through these functions (see moves.py for the loop)."""
