"""Projection over the years and its calibration (docs/specification.md section 6).

ramp.py (logistic maturity, class defaults), zone_basis.py (per-zone values at maturity),
forecast.py (yearly series), calibration.py (per-series fit of scale, h and w multipliers),
observations_csv.py (observed values from CSV), report.py (the ``parkplanner.forecast/1`` JSON).
"""
