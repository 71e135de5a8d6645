"""Edges that read the outside world: files and stdin (``sources``), HTTP (``fetch``)."""
