"""One module per input format; ``storyweave.ingest.parse`` dispatches to them."""
