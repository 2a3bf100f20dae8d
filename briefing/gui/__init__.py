"""The Qt desktop app: thin widgets over the core, every change through the undo stack."""
