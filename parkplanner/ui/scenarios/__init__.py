"""Scenario GUI: the scenario dock, comparison, change map, projection, year slider, phase balance."""
