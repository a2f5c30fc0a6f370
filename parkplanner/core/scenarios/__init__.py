"""Scenario comparison and phase balance (Qt-free)."""
