"""ParkPlanner: zoning, industry-city integration metrics and scenarios for science parks."""

__version__ = "0.1.0"
