"""Team projects in a PostGIS database: opening, saving, conflicts and others' changes in the window."""
