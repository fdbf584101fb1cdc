"""The shared ground of every area: configuration, databases, translation, formatting, results."""
