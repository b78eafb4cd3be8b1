"""Matchmaking of demand to firms, and consortium building."""
