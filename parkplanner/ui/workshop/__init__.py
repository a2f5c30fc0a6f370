"""Workshop mode: a full-screen projector layout with live assumption sliders and checkpoints."""
