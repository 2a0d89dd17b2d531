"""Equal Chance: software for local partnerships narrowing the gap for their most deprived places."""

__version__ = "0.1.0"
