"""The 3D massing view: pyqtgraph's OpenGL widgets over the Qt-free meshes of core/massing."""
