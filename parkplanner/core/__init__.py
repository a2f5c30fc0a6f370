"""Qt-free core: model, geometry, metrics, projection, editing history and file I/O."""
