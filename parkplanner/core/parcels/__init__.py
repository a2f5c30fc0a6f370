"""Parcels of a regulatory plan: blocks (街坊) and parcel codes (地块编码)."""
