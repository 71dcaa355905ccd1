"""Renderers: one module per output format, each a plain function of the result."""
