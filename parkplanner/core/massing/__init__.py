"""3D massing: every zone as a building volume, batched into one triangle mesh per generic class.

Qt-free, so the editor's 3D view, the headless ``render --3d`` and the glTF export draw the same
meshes. The rule that turns a zone into a volume lives in :mod:`rules`; footprints in
:mod:`footprints`; triangles in :mod:`extrude`; the per-class batches in :mod:`scene`.
"""
