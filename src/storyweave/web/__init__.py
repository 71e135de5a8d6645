"""The local, read-only web app over a storyweave store (``web.app.create_app``)."""
