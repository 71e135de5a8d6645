"""storyweave: what the sources agree on, story by story, and where they don't."""

__version__ = "0.1.0"
